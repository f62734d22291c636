import Testing

@Test func placeholder_LoomRedisTests() { #expect(Bool(true)) }
