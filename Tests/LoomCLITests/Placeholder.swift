import Testing

@Test func placeholder_LoomCLITests() { #expect(Bool(true)) }
