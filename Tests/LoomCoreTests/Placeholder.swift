import Testing

@Test func placeholder_LoomCoreTests() { #expect(Bool(true)) }
