import Testing

@Test func placeholder_LoomClusterTests() { #expect(Bool(true)) }
