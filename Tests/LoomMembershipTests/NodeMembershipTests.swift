import Foundation
import LoomCore
import LoomRedis
import LoomRing
import LoomTesting
import Testing
import LoomKeyspace
import LoomRegistry
import LoomMembership

func node(_ id: String, capacity: Double = 1, address: String = "http://x:8080") -> NodeRecord {
    var r = NodeRecord(id: id)
    r.address = address
    r.capacity = capacity
    return r
}

@Suite("node membership against a real redis-server")
struct NodeMembershipTests {
    let redis: RedisServer
    let membership: NodeMembership

    init() throws {
        redis = try RedisServer()
        membership = NodeMembership(redis: try redis.connect(), keys: Keyspace())
    }

    @Test func registerWritesTheDocumentedKeysAndBumpsTheEpoch() throws {
        #expect(try membership.read().ring.epoch == 0)
        let out = try membership.apply(.register(node("n1", capacity: 2), liveness: .permanent), expectedEpoch: 0)
        #expect(out == .applied(epoch: 1))
        let c = try redis.connect()
        #expect(try c.command("SISMEMBER", "loom:node:all", "n1").int == 1)
        #expect(try c.command("HGET", "loom:node:n1", "capacity").string == "2")
        #expect(try c.command("HGET", "loom:node:n1", "status").string == "active")
        #expect(try c.command("PTTL", "loom:node:heartbeat:n1").int == -1)
        #expect(try c.command("HGET", "loom:node:ring", "algorithm").string == "murmur3")
        #expect(try c.command("HGET", "loom:node:ring", "pointsPerCapacity").string == "150")
        let snap = try membership.read()
        #expect(snap.nodes.map(\.id) == ["n1"])
        #expect(snap.nodes[0].isEligible)
        // Same record again: nothing changes, the epoch stays.
        #expect(try membership.apply(.register(node("n1", capacity: 2), liveness: .permanent), expectedEpoch: 1) == .unchanged(epoch: 1))
        #expect(try membership.apply(.setStatus("n1", .cordoned), expectedEpoch: 1) == .applied(epoch: 2))
        #expect(try membership.read().nodes[0].isEligible == false)
        #expect(try membership.apply(.remove("n1"), expectedEpoch: 2) == .applied(epoch: 3))
        #expect(try membership.read().nodes.isEmpty)
        #expect(try c.command("EXISTS", "loom:node:heartbeat:n1").int == 0)
    }

    @Test func staleEpochIsAConflict() throws {
        try membership.apply(.register(node("a"), liveness: .permanent), expectedEpoch: nil)
        #expect(throws: MembershipError.self) { try membership.apply(.setStatus("a", .cordoned), expectedEpoch: 0) }
        do {
            try membership.apply(.setStatus("a", .cordoned), expectedEpoch: 0)
        } catch let e as MembershipError {
            #expect(e.kind == .conflict)
            #expect(e.message == "ring epoch changed from 0 to 1 while planning; rerun")
        }
        #expect(try membership.read().nodes[0].status == .active)
    }

    @Test func statusOfUnknownNodeIsNotFound() throws {
        do {
            try membership.apply(.setStatus("ghost", .cordoned), expectedEpoch: nil)
            Issue.record("expected notFound")
        } catch let e as MembershipError {
            #expect(e.kind == .notFound)
        }
    }

    @Test func reservedIdsAreRefused() {
        for id in ["all", "ring", "events", "heartbeat:x", "", "a b"] {
            #expect(throws: KeyspaceError.self) { try NodeRecord.validateID(id) }
        }
    }

    /// Two operators plan against the same epoch on separate connections: exactly one wins.
    @Test func twoConcurrentWritersNeverInterleave() async throws {
        try membership.apply(.register(node("a"), liveness: .permanent), expectedEpoch: nil)
        try membership.apply(.register(node("b"), liveness: .permanent), expectedEpoch: nil)
        let epoch = try membership.read().ring.epoch
        let server = redis
        // Plain threads: blocking Redis calls must not starve Swift's cooperative pool.
        let results = await onThreads([MembershipChange.setStatus("a", .cordoned), .setStatus("b", .cordoned)]) { change in
            let m = NodeMembership(redis: try! server.connect(), keys: Keyspace())
            do {
                try m.apply(change, expectedEpoch: epoch)
                return true
            } catch { return false }
        }
        #expect(results.filter { $0 }.count == 1)
        let after = try membership.read()
        #expect(after.ring.epoch == epoch + 1)
        #expect(after.nodes.filter { $0.status == .cordoned }.count == 1)
    }

    /// Many writers with read–CAS–retry loops: no update is lost, the epoch counts every change.
    @Test func retryingWritersLoseNoUpdate() async throws {
        let server = redis
        let writers = 6
        let perWriter = 5
        _ = await onThreads(Array(0..<writers)) { w in
            let m = NodeMembership(redis: try! server.connect(), keys: Keyspace())
            for i in 0..<perWriter {
                while true {
                    let e = try! m.read().ring.epoch
                    if (try? m.apply(.register(node("w\(w)-\(i)"), liveness: .permanent), expectedEpoch: e)) != nil { break }
                }
            }
            return true
        }
        let snap = try membership.read()
        #expect(snap.nodes.count == writers * perWriter)
        #expect(snap.ring.epoch == Int64(writers * perWriter))
    }

    @Test func changesPublishEventsWithTheNewEpoch() async throws {
        let sub = try redis.connect()
        let box = EventBox()
        let thread = Thread {
            try? sub.subscribe(channels: ["loom:node:events"], shouldStop: { box.count >= 3 || box.timedOut }) { _, payload in
                if let e = NodeEvent.parse(payload) { box.add(e) }
            }
        }
        thread.start()
        try await Task.sleep(for: .milliseconds(300))
        try membership.apply(.register(node("e1"), liveness: .unchanged), expectedEpoch: nil)
        try membership.apply(.setStatus("e1", .cordoned), expectedEpoch: nil, previous: try membership.read().node("e1"))
        try membership.apply(.remove("e1"), expectedEpoch: nil)
        for _ in 0..<50 where box.count < 3 { try await Task.sleep(for: .milliseconds(50)) }
        box.timedOut = true
        let events = box.events
        #expect(events.map(\.type) == ["node:joined", "node:status-changed", "node:left"])
        #expect(events.map(\.epoch) == [1, 2, 3])
        #expect(events.allSatisfy { $0.nodeId == "e1" })
        #expect(events[1].data?["from"]?.stringValue == "active")
        #expect(events[1].data?["to"]?.stringValue == "cordoned")
    }

    @Test func configChangeIsVersionedWithTheSameEpoch() throws {
        try membership.apply(.configure(RingConfig(algorithm: .ketama, loadFactor: 1.25)), expectedEpoch: 0)
        let s = try membership.read().ring
        #expect(s.epoch == 1)
        #expect(s.config.algorithm == .ketama)
        #expect(s.config.loadFactor == 1.25)
        #expect(throws: MembershipError.self) { try membership.apply(.configure(RingConfig(pointsPerCapacity: 0)), expectedEpoch: nil) }
    }

    @Test func nodesAreInferredFromWorkerIdsOnlyWhenNoneAreRegistered() throws {
        let c = try redis.connect()
        let registry = ActorRegistry(redis: c, keys: Keyspace())
        _ = try Seeder(registry: registry).seed(.init(actors: 300, types: 2, workers: 3, staleFraction: 0, broken: false))
        let inferred = try ClusterRing.load(membership: membership, registry: registry)
        #expect(inferred.source == .inferred)
        #expect(inferred.nodes.map(\.id) == ["worker-1", "worker-2", "worker-3"])
        #expect(inferred.nodes.allSatisfy { $0.isEligible && $0.source == .inferred })
        #expect(inferred.nodes.map { $0.actorCount ?? 0 }.reduce(0, +) == 300)

        // Workers whose actors are all stale are inferred but not live.
        try registry.register(ActorRegistration(id: "lonely", type: "t", workerId: "worker-9"), heartbeatTTL: 300)
        _ = try c.command("DEL", Keyspace().heartbeat("lonely"))
        let withDead = try ClusterRing.load(membership: membership, registry: registry)
        #expect(withDead.nodes.first { $0.id == "worker-9" }?.isLive == false)

        try membership.apply(.register(node("worker-1"), liveness: .permanent), expectedEpoch: nil)
        let agent = try ClusterRing.load(membership: membership, registry: registry)
        #expect(agent.source == .agent)
        #expect(agent.nodes.map(\.id) == ["worker-1"])

        let report = try RingReport.build(agent) { add in
            try registry.list(filter: ActorFilter(), parseMetadata: false, onAnomaly: { _ in }) { batch in
                for a in batch { add(a.id, a.workerId) }
                return true
            }
        }
        #expect(report.actors == 301)
        #expect(report.lines[0].shouldOwn == 301)
        #expect(report.lines[0].hosts == inferred.nodes[0].actorCount)
        #expect(report.unknownWorkers.map(\.0) == ["worker-2", "worker-3", "worker-9"])
        #expect(report.misplaced == 301 - (report.lines[0].hosts ?? 0))
    }
}

final class EventBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [NodeEvent] = []
    private var _timedOut = false
    func add(_ e: NodeEvent) { lock.lock(); items.append(e); lock.unlock() }
    var events: [NodeEvent] { lock.lock(); defer { lock.unlock() }; return items }
    var count: Int { events.count }
    var timedOut: Bool {
        get { lock.lock(); defer { lock.unlock() }; return _timedOut }
        set { lock.lock(); _timedOut = newValue; lock.unlock() }
    }
}

/// Runs `body` for each input on its own thread; the caller's task waits without blocking the pool.
func onThreads<T: Sendable>(_ inputs: [T], _ body: @escaping @Sendable (T) -> Bool) async -> [Bool] {
    await withCheckedContinuation { c in
        Thread { c.resume(returning: onThreadsBlocking(inputs, body)) }.start()
    }
}

func onThreadsBlocking<T: Sendable>(_ inputs: [T], _ body: @escaping @Sendable (T) -> Bool) -> [Bool] {
    let box = ResultBox()
    let group = DispatchGroup()
    for input in inputs {
        group.enter()
        Thread {
            let r = body(input)
            box.lock.lock(); box.out.append(r); box.lock.unlock()
            group.leave()
        }.start()
    }
    group.wait()
    return box.out
}

final class ResultBox: @unchecked Sendable {
    let lock = NSLock()
    var out: [Bool] = []
}
