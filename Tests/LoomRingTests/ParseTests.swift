import Testing
import LoomRing

@Suite struct ParseTests {
    @Test func parsesIdsAndCapacities() throws {
        let nodes = try RingNode.parseList("a,b:2, c ,d:0.5,host:6379:1")
        #expect(nodes.map(\.id) == ["a", "b", "c", "d", "host:6379"])
        #expect(nodes.map(\.capacity) == [1, 2, 1, 0.5, 1])
        #expect(nodes.allSatisfy { $0.isEligible })
    }

    @Test(arguments: ["", "a,,b", "a,", ",a", "a:", "a:x", ":2", "a:0", "a:-1", "a:nan", "a:inf", "a,b,a", "a:1,a:2"])
    func rejectsBadLists(text: String) {
        #expect(throws: RingError.self) { try RingNode.parseList(text) }
    }

    @Test func errorsExplainThemselves() {
        do {
            _ = try RingNode.parseList("a,b:zero")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("'zero'"))
            #expect(error.description.contains("a,b:zero"))
        }
        #expect(throws: RingError.invalidNodeList("x,x", reason: "duplicate node id 'x'")) { try RingNode.parseList("x,x") }
    }
}
