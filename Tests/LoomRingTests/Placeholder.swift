import Testing

@Test func placeholder_LoomRingTests() { #expect(Bool(true)) }
