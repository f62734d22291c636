import Testing

@Test func placeholder_LoomLLMTests() { #expect(Bool(true)) }
