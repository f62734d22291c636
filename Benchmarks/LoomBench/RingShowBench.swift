import Foundation
import LoomCLI
import LoomCore
import LoomRedis
import LoomRing
import LoomTesting
import LoomKeyspace
import LoomRegistry
import LoomMembership

/// `LoomBench ring-show [--actors N] [--nodes K]`: proves that `ring show` over a large registry
/// is bound by reading Redis, not by hashing.
///
/// Seeds N actors (default 1,000,000) with `Seeder` into a throwaway redis-server (unix socket),
/// registers K static nodes (default 10; the seeded workerIds are node ids too), then times:
///   1. Redis read: the placement stream `ring show` uses (SSCAN + pipelined HMGET), ids buffered;
///   2. hashing: ring ownership + hosted counts over those buffered ids (pure CPU);
///   3. end to end: `loomctl ring show -o json` in-process (read and hash interleaved).
/// Timings are only meaningful in a release build.
enum RingShowBench {
    static func run(arguments: [String]) -> Int32 {
        func value(_ flag: String, _ def: Int) -> Int {
            guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n > 0 else { return def }
            return n
        }
        let actors = value("--actors", 1_000_000)
        let nodeCount = value("--nodes", 10)
        if _isDebugAssertConfiguration() { print("warning: debug build — timings are not representative") }
        do {
            return try runAll(actors: actors, nodeCount: nodeCount) ? 0 : 1
        } catch {
            print("ring-show bench failed: \(error)")
            return 1
        }
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    static func runAll(actors: Int, nodeCount: Int) throws -> Bool {
        let server = try RedisServer()
        let redis = try server.connect()
        let keys = Keyspace()
        let registry = ActorRegistry(redis: redis, keys: keys)
        print("seeding \(actors) actors on \(nodeCount) workers into \(server.socketURL)…")
        var t = ContinuousClock.now
        _ = try Seeder(registry: registry).seed(.init(actors: actors, types: 5, workers: nodeCount, staleFraction: 0.1, broken: false, batch: 5000))
        print(String(format: "  seeded in %.1f s", seconds(ContinuousClock.now - t)))
        let membership = NodeMembership(redis: redis, keys: keys)
        for i in 1...nodeCount {
            var r = NodeRecord(id: "worker-\(i)")
            r.address = "http://worker-\(i):8080"
            try membership.apply(.register(r, liveness: .permanent), expectedEpoch: nil)
        }
        let cluster = try ClusterRing.load(membership: membership, registry: registry)
        let ring = try cluster.requireEligible()

        // 1. Redis read, ids buffered.
        var reads: [Double] = []
        var ids: [String] = []
        var workers: [String?] = []
        for _ in 0..<3 {
            ids.removeAll(keepingCapacity: true)
            workers.removeAll(keepingCapacity: true)
            t = ContinuousClock.now
            try registry.forEachPlacement { batch in
                for a in batch {
                    ids.append(a.id)
                    workers.append(a.workerId)
                }
                return true
            }
            reads.append(seconds(ContinuousClock.now - t))
        }
        // 1b. The heavier `actors list` read (HGETALL + PTTL), for comparison.
        t = ContinuousClock.now
        var listed = 0
        try registry.list(filter: ActorFilter(), metadata: .skip, onAnomaly: { _ in }) { listed += $0.count; return true }
        let listRead = seconds(ContinuousClock.now - t)

        // 2. Hashing: ownership + hosted counts over the buffered ids.
        var hashes: [Double] = []
        var misplaced = 0
        for _ in 0..<5 {
            t = ContinuousClock.now
            var counter = OwnershipCounter(ring: ring)
            for i in ids.indices { counter.add(actorId: ids[i], workerId: workers[i]) }
            hashes.append(seconds(ContinuousClock.now - t))
            misplaced = counter.misplaced
        }

        // 3. End to end through the command tree.
        let sink = CapturingSink()
        let env = ["LOOMCTL_REDIS_URL": server.url, "HOME": NSTemporaryDirectory(), "XDG_CONFIG_HOME": NSTemporaryDirectory() + "loombench-cfg"]
        var e2e: [Double] = []
        var code: Int32 = 0
        for _ in 0..<3 {
            sink.out.reset()
            t = ContinuousClock.now
            code = runBlocking { await Entry.run(["ring", "show", "-o", "json"], invocation: Invocation(environment: env, sink: sink.sink, stdinIsTerminal: false)) }
            e2e.append(seconds(ContinuousClock.now - t))
        }
        let doc = try JSONValue.parse(sink.stdout)

        let read = reads.sorted()[reads.count / 2]
        let hash = hashes.sorted()[hashes.count / 2]
        let end = e2e.sorted()[e2e.count / 2]
        print("")
        print("ring show over \(ids.count) registered actors, \(nodeCount) nodes × 150 points (epoch \(cluster.state.epoch))")
        print(String(format: "  Redis read  (SSCAN + HMGET pipelined, median of 3): %8.3f s   %6.0f ns/actor", read, read / Double(ids.count) * 1e9))
        print(String(format: "  hashing     (owner + counts, median of 5)          : %8.3f s   %6.0f ns/actor", hash, hash / Double(ids.count) * 1e9))
        print(String(format: "  end to end  (loomctl ring show -o json, median of 3): %8.3f s   exit %d", end, code))
        print(String(format: "  for reference: actors-list read (HGETALL + PTTL)   : %8.3f s   (%d actors)", listRead, listed))
        print(String(format: "  Redis read / hashing = %.1f×  → hashing is %.1f%% of read + hash", read / hash, hash / (read + hash) * 100))
        print("  misplaced: \(misplaced); ring show reported actors=\(doc["actors"]?.intValue ?? -1), misplaced=\(doc["misplaced"]?.intValue ?? -1)")
        let ok = code == 0 && read > hash && doc["actors"]?.intValue == Int64(ids.count) && doc["misplaced"]?.intValue == Int64(misplaced)
        print(ok ? "PASS: dominated by Redis reads" : "FAIL")
        return ok
    }

    /// Runs async work from the synchronous bench driver.
    static func runBlocking(_ body: @escaping @Sendable () async -> Int32) -> Int32 {
        let box = CodeBox()
        let sem = DispatchSemaphore(value: 0)
        Task {
            box.code = await body()
            sem.signal()
        }
        sem.wait()
        return box.code
    }

    final class CodeBox: @unchecked Sendable { var code: Int32 = 0 }
}
