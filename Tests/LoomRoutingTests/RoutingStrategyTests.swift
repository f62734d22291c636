import LoomCore
import Testing
@testable import LoomKeyspace
@testable import LoomRouting

/// Table tests of the node-aware strategies against recorded node and actor sets.
@Suite("node-aware routing strategies")
struct RoutingStrategyTests {
    static func node(_ id: String, zone: String = "", cpu: Double? = nil, mem: Double? = nil, status: NodeStatus = .active, live: Bool = true,
        labels: [(String, String)] = [], capacity: Double = 1) -> NodeRecord
    {
        var n = NodeRecord(id: id)
        n.zone = zone
        n.cpuPercent = cpu
        n.memoryPercent = mem
        n.status = status
        n.heartbeatTTLMillis = live ? 10_000 : nil
        n.labels = labels
        n.capacity = capacity
        return n
    }

    static func actor(_ id: String, on worker: String?, messages: Int64? = 0, status: String = "idle") -> ActorRecord {
        var a = ActorRecord(id: id)
        a.type = "t"
        a.workerId = worker
        a.messageCount = messages
        a.status = status
        return a
    }

    static func candidates(_ actors: [ActorRecord], _ nodes: [NodeRecord]) -> [NodeAwareRouting.Candidate] {
        let byId = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        return actors.map { NodeAwareRouting.Candidate(actor: $0, node: $0.workerId.flatMap { byId[$0] }) }
    }

    struct LoadCase: Sendable, CustomTestStringConvertible {
        var name: String
        var nodes: [NodeRecord]
        var actors: [ActorRecord]
        var winner: String
        var order: [String]
        var testDescription: String { name }
    }

    static let loadCases: [LoadCase] = [
        LoadCase(name: "lowest weighted load wins",
            nodes: [node("n1", cpu: 80, mem: 10), node("n2", cpu: 30, mem: 30), node("n3", cpu: 10, mem: 90)],
            actors: [actor("a1", on: "n1"), actor("a2", on: "n2"), actor("a3", on: "n3")],
            winner: "a2", order: ["a2", "a1", "a3"]),
        LoadCase(name: "a node without metrics is not idle: missing is never zero",
            nodes: [node("n1", cpu: 70, mem: 70), node("n2")],
            actors: [actor("a1", on: "n1"), actor("a2", on: "n2")],
            winner: "a1", order: ["a1", "a2"]),
        LoadCase(name: "one metric missing ranks after both known",
            nodes: [node("n1", cpu: 60, mem: 60), node("n2", cpu: 1)],
            actors: [actor("a1", on: "n1"), actor("a2", on: "n2")],
            winner: "a1", order: ["a1", "a2"]),
        LoadCase(name: "ties go to fewer messages, then the smaller id",
            nodes: [node("n1", cpu: 20, mem: 20), node("n2", cpu: 20, mem: 20)],
            actors: [actor("b", on: "n1", messages: 5), actor("c", on: "n2", messages: 2), actor("a", on: "n2", messages: 2)],
            winner: "a", order: ["a", "c", "b"]),
        LoadCase(name: "missing messageCount loses a tie",
            nodes: [node("n1", cpu: 20, mem: 20)],
            actors: [actor("a", on: "n1", messages: nil), actor("b", on: "n1", messages: 9)],
            winner: "b", order: ["b", "a"]),
        LoadCase(name: "down, cordoned, dead and unknown nodes come last",
            nodes: [node("n1", cpu: 1, mem: 1, status: .down), node("n2", cpu: 2, mem: 2, live: false), node("n3", cpu: 3, mem: 3, status: .cordoned),
                node("n4", cpu: 95, mem: 95)],
            actors: [actor("a1", on: "n1"), actor("a2", on: "n2"), actor("a3", on: "n3"), actor("a4", on: "n4"), actor("a5", on: "ghost")],
            winner: "a4", order: ["a4", "a1", "a2", "a3", "a5"]),
        LoadCase(name: "busy actors are skipped (Loom's rule)",
            nodes: [node("n1", cpu: 1, mem: 1), node("n2", cpu: 50, mem: 50)],
            actors: [actor("a1", on: "n1", status: "busy"), actor("a2", on: "n2")],
            winner: "a2", order: ["a2"]),
        LoadCase(name: "out-of-range metrics count as missing",
            nodes: [node("n1", cpu: -5, mem: 150), node("n2", cpu: 40, mem: 40)],
            actors: [actor("a1", on: "n1"), actor("a2", on: "n2")],
            winner: "a2", order: ["a2", "a1"]),
    ]

    @Test(arguments: loadCases) func nodeLoad(_ c: LoadCase) {
        let r = NodeAwareRouting.nodeLoad(Self.candidates(c.actors, c.nodes))
        #expect(r.winner?.candidate.actor.id == c.winner)
        #expect(r.scored.map(\.candidate.actor.id) == c.order)
        #expect(r.scored.map(\.rank) == Array(1...c.order.count))
        #expect(!r.reason.isEmpty && r.reason.contains(c.winner))
    }

    @Test func nodeLoadStatesItsFormula() {
        let r = NodeAwareRouting.nodeLoad(Self.candidates([Self.actor("a", on: "n")], [Self.node("n", cpu: 10, mem: 30)]))
        #expect(r.winner?.score == 20)
        #expect(r.winner?.detail == "0.5×cpu 10 + 0.5×mem 30")
        let missing = NodeAwareRouting.nodeLoad(Self.candidates([Self.actor("a", on: "n")], [Self.node("n")]))
        #expect(missing.winner?.score == nil)
        #expect(missing.candidatesJSON().arrayValue?.first?["score"] == .null)
        #expect(missing.candidatesJSON().arrayValue?.first?["cpuPercent"] == .null)
    }

    static let zoneNodes = [
        node("e1", zone: "eu-1", cpu: 90, mem: 90), node("e2", zone: "eu-1", cpu: 20, mem: 20),
        node("w1", zone: "eu-2", cpu: 5, mem: 5), node("u1", zone: "us-1", cpu: 1, mem: 1),
    ]
    static let zoneActors = [actor("ae1", on: "e1"), actor("ae2", on: "e2"), actor("aw1", on: "w1"), actor("au1", on: "u1")]

    @Test func zonePrefersTheZoneThenLoad() {
        let r = NodeAwareRouting.zone(Self.candidates(Self.zoneActors, Self.zoneNodes), zone: "eu-1", nearest: ["eu-2"])
        #expect(r.scored.map(\.candidate.actor.id) == ["ae2", "ae1", "aw1", "au1"])
        #expect(r.scored.map(\.tier) == [0, 0, 1, 2])
        #expect(r.reason.contains("lowest score"))
    }

    @Test func zoneFallsBackToTheNearestZoneThenAnywhere() {
        let noEU1 = Array(Self.zoneActors.dropFirst(2))
        let near = NodeAwareRouting.zone(Self.candidates(noEU1, Self.zoneNodes), zone: "eu-1", nearest: ["us-1", "eu-2"])
        #expect(near.winner?.candidate.actor.id == "au1")
        #expect(near.winner?.tierLabel == "nearest zone #1 (us-1)")
        // Every node in another zone, no nearest list: anywhere, by load.
        let anywhere = NodeAwareRouting.zone(Self.candidates(Self.zoneActors, Self.zoneNodes), zone: "ap-1", nearest: [])
        #expect(anywhere.scored.map(\.candidate.actor.id) == ["au1", "aw1", "ae2", "ae1"])
        #expect(anywhere.scored.allSatisfy { $0.tierLabel == "any other zone" })
    }

    @Test func zoneKeepsMissingLoadMissing() {
        let nodes = [Self.node("e1", zone: "eu-1"), Self.node("e2", zone: "eu-1", cpu: 99, mem: 99)]
        let r = NodeAwareRouting.zone(Self.candidates([Self.actor("a1", on: "e1"), Self.actor("a2", on: "e2")], nodes), zone: "eu-1", nearest: [])
        #expect(r.winner?.candidate.actor.id == "a2")
        #expect(r.scored.last?.score == nil)
    }

    // MARK: custom strategies

    static func custom(_ filters: [RoutingFilterSpec], _ scores: [RoutingScoreSpec]) throws -> CustomRoutingStrategy {
        try CustomRoutingStrategy(RoutingStrategySpec(name: "s", filters: filters, scores: scores))
    }

    @Test func customFiltersThenWeightedScores() throws {
        let nodes = [
            Self.node("n1", zone: "eu-1", cpu: 10, mem: 10, labels: [("gpu", "true")], capacity: 4),
            Self.node("n2", zone: "eu-1", cpu: 50, mem: 10, labels: [("gpu", "true")], capacity: 1),
            Self.node("n3", zone: "us-1", cpu: 1, mem: 1, labels: [("gpu", "true")]),
            Self.node("n4", zone: "eu-1", cpu: 1, mem: 1),
        ]
        let actors = [Self.actor("a1", on: "n1", messages: 40), Self.actor("a2", on: "n2", messages: 0), Self.actor("a3", on: "n3"), Self.actor("a4", on: "n4")]
        let s = try Self.custom(
            [RoutingFilterSpec(field: "node.zone", op: "in", values: ["eu-1"]), RoutingFilterSpec(field: "node.label.gpu", op: "eq", value: "true")],
            [RoutingScoreSpec(field: "node.cpu", weight: 1), RoutingScoreSpec(field: "messageCount", weight: 0.5), RoutingScoreSpec(field: "node.capacity", weight: -2)])
        let r = s.rank(Self.candidates(actors, nodes))
        // a1: 10 + 20 - 8 = 22; a2: 50 + 0 - 2 = 48.
        #expect(r.scored.map(\.candidate.actor.id) == ["a1", "a2"])
        #expect(r.scored.map(\.score) == [22, 48])
        #expect(r.excluded.map(\.0) == ["a3", "a4"])
        #expect(r.excluded[1].1.contains("node.label.gpu missing"))
    }

    @Test func customMissingMetricsAreMissing() throws {
        let nodes = [Self.node("n1", cpu: 70), Self.node("n2")]
        let actors = [Self.actor("a1", on: "n1"), Self.actor("a2", on: "n2")]
        // A comparison on a missing value fails the filter instead of reading it as 0.
        let f = try Self.custom([RoutingFilterSpec(field: "node.cpu", op: "lt", value: "80")], [])
        #expect(f.rank(Self.candidates(actors, nodes)).scored.map(\.candidate.actor.id) == ["a1"])
        // A missing score field ranks after every complete score.
        let s = try Self.custom([], [RoutingScoreSpec(field: "node.cpu", weight: 1)])
        let r = s.rank(Self.candidates(actors, nodes))
        #expect(r.scored.map(\.candidate.actor.id) == ["a1", "a2"])
        #expect(r.scored[1].score == nil && r.scored[1].tier == 1)
        let m = try Self.custom([RoutingFilterSpec(field: "node.mem", op: "missing")], [])
        #expect(m.rank(Self.candidates(actors, nodes)).scored.map(\.candidate.actor.id) == ["a1", "a2"])
    }

    @Test func customSpecsAreChecked() {
        #expect(throws: RoutingError.self) { try Self.custom([RoutingFilterSpec(field: "node.gpu", op: "eq", value: "x")], []) }
        #expect(throws: RoutingError.self) { try Self.custom([RoutingFilterSpec(field: "node.cpu", op: "like", value: "x")], []) }
        #expect(throws: RoutingError.self) { try Self.custom([RoutingFilterSpec(field: "node.cpu", op: "lt", value: "abc")], []) }
        #expect(throws: RoutingError.self) { try Self.custom([RoutingFilterSpec(field: "status", op: "in")], []) }
        #expect(throws: RoutingError.self) { try Self.custom([], [RoutingScoreSpec(field: "node.zone", weight: 1)]) }
        #expect(throws: RoutingError.self) { try Self.custom([], [RoutingScoreSpec(field: "node.cpu", weight: .infinity)]) }
        #expect(throws: RoutingError.self) { try CustomRoutingStrategy.named("nope", in: RoutingSettings()) }
    }
}
