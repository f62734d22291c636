import Foundation
import LoomRedis
import LoomShell
import LoomTesting
import Testing

@testable import LoomCLI
import LoomKeyspace
import LoomRegistry

/// The actor-id completion cache (`CompletionCache`) against a real redis-server.
@Suite("Completion id cache", .serialized)
struct CompletionCacheTests {
    static func env(_ redis: RedisServer, cacheHome: String, url: String? = nil, extra: [String: String] = [:]) -> [String: String] {
        ["LOOMCTL_REDIS_URL": url ?? redis.url, "XDG_CONFIG_HOME": TestDirs.configHome, "XDG_CACHE_HOME": cacheHome]
            .merging(extra) { _, b in b }
    }

    static func truth(_ conn: RedisConnection, prefix: String) throws -> [String] {
        var all = Set<String>()
        try conn.sscan("loom:actor:all", match: Keyspace.globEscape(prefix) + "*", count: 5000) { batch throws(RedisError) in
            all.formUnion(batch)
            return true
        }
        return all.sorted()
    }

    static func waitUntil(_ seconds: Double = 20, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    @Test func cacheAnswersEveryMatchEvenWithATinyBudget() throws {
        let redis = try RedisServer()
        let conn = try redis.connect()
        _ = try Seeder(registry: ActorRegistry(redis: conn, keys: Keyspace())).seed(.init(actors: 20_000, types: 5, broken: false))
        let prefix = "order-processor-001"
        let expected = try Self.truth(conn, prefix: prefix)
        #expect(expected.count == 20)
        let env = Self.env(redis, cacheHome: TestDirs.fresh())

        // No cache and a 1 ms budget: the live scan cannot run.
        let noCache = LiveNames(session: SessionState(), environment: env, budget: .milliseconds(1), cacheRefresh: .none,
            cacheDirectory: .some(nil))
        #expect(noCache.lookup(.actorIds, prefix: prefix).count < expected.count)

        let builder = LiveNames(session: SessionState(), environment: env, cacheRefresh: .none)
        guard case .built(let count, _) = try builder.refreshCacheNow(force: true) else {
            Issue.record("cache not built")
            return
        }
        #expect(count == 20_000)
        let live = LiveNames(session: SessionState(), environment: env, budget: .milliseconds(1), cacheRefresh: .none)
        #expect(live.lookup(.actorIds, prefix: prefix) == expected)
        // and through the completer, as TAB and `loomctl __complete` use it
        let c = ShellCompleter.make(session: SessionState(), environment: env, budget: .milliseconds(1), withBuiltins: false,
            cacheRefresh: .none)
        #expect(c.complete(words: ["actors", "get"], current: prefix) == .words(expected))
        // the result count stays bounded
        #expect(live.lookup(.actorIds, prefix: "").count == 500)
    }

    @Test func idsAddedAfterTheCacheAreFoundByTheLiveScan() throws {
        let redis = try RedisServer()
        let conn = try redis.connect()
        _ = try Seeder(registry: ActorRegistry(redis: conn, keys: Keyspace())).seed(.init(actors: 300, types: 3, broken: false))
        let env = Self.env(redis, cacheHome: TestDirs.fresh())
        let live = LiveNames(session: SessionState(), environment: env, cacheRefresh: .none)
        _ = try live.refreshCacheNow(force: true)
        _ = try conn.command("SADD", "loom:actor:all", "order-processor-new 1", "order-processor-ünïcode", "order-processor-bad\nline")
        let got = LiveNames(session: SessionState(), environment: env, cacheRefresh: .none).lookup(.actorIds, prefix: "order-processor-")
        #expect(got.contains("order-processor-new 1"))
        #expect(got.contains("order-processor-ünïcode"))
        #expect(got.contains("order-processor-000"))
        #expect(got == got.sorted() && Set(got).count == got.count)

        // after a rebuild the cache itself holds them (not the id with a newline), byte-sorted
        _ = try live.refreshCacheNow(force: true)
        let (cache, _, _, _) = try #require(live.completionCache())
        let snap = try #require(cache.load())
        let fromFile = snap.matches(prefix: "order-processor-", limit: 1000)
        #expect(fromFile.contains("order-processor-new 1") && fromFile.contains("order-processor-ünïcode"))
        #expect(!fromFile.contains { $0.contains("\n") })
        #expect(fromFile == fromFile.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(snap.matches(prefix: "order-processor-ü", limit: 10) == ["order-processor-ünïcode"])
        #expect(snap.matches(prefix: "zzz", limit: 10).isEmpty)
    }

    @Test func aStaleOrMissingCacheIsRefreshedInTheBackground() throws {
        let redis = try RedisServer()
        let conn = try redis.connect()
        _ = try Seeder(registry: ActorRegistry(redis: conn, keys: Keyspace())).seed(.init(actors: 100, types: 2, broken: false))
        let env = Self.env(redis, cacheHome: TestDirs.fresh(), extra: ["LOOMCTL_COMPLETION_CACHE_TTL": "1"])
        let live = LiveNames(session: SessionState(), environment: env, cacheRefresh: .thread)
        let (cache, _, _, _) = try #require(live.completionCache())
        #expect(cache.load() == nil)
        // missing: the first lookup answers from the live scan and starts a rebuild
        #expect(!live.lookup(.actorIds, prefix: "order").isEmpty)
        #expect(Self.waitUntil { cache.load() != nil })
        let first = try #require(cache.load()).createdAtMs
        #expect(try #require(cache.load()).count == 100)
        // fresh: no rebuild
        _ = live.lookup(.actorIds, prefix: "order")
        usleep(100_000)
        #expect(cache.load()?.createdAtMs == first)
        // stale (older than the 1 s TTL): still used, and rebuilt with the new id
        usleep(1_100_000)
        _ = try conn.command("SADD", "loom:actor:all", "order-processor-late")
        _ = live.lookup(.actorIds, prefix: "order")
        #expect(Self.waitUntil { cache.load()?.matches(prefix: "order-processor-late", limit: 5) == ["order-processor-late"] })
        #expect(try #require(cache.load()).createdAtMs > first)
    }

    @Test func fileIsPrivateAndHoldsNoPassword() throws {
        let redis = try RedisServer(tcp: true, password: "s3cr3t-pw")
        let conn = try redis.connect()
        _ = try Seeder(registry: ActorRegistry(redis: conn, keys: Keyspace())).seed(.init(actors: 50, types: 2, broken: false))
        let home = TestDirs.fresh()
        let env = Self.env(redis, cacheHome: home, url: try #require(redis.tcpURL))
        let live = LiveNames(session: SessionState(), environment: env, cacheRefresh: .none)
        _ = try live.refreshCacheNow(force: true)
        let (cache, _, _, _) = try #require(live.completionCache())
        #expect(cache.path.hasPrefix(home + "/loomctl/"))
        var st = stat()
        #expect(stat(cache.path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(stat(home + "/loomctl", &st) == 0)
        #expect(st.st_mode & 0o777 == 0o700)
        for name in try FileManager.default.contentsOfDirectory(atPath: home + "/loomctl") {
            #expect(!name.contains("s3cr3t"))
            let data = try #require(FileManager.default.contents(atPath: home + "/loomctl/" + name))
            #expect(!String(decoding: data, as: UTF8.self).contains("s3cr3t"), "\(name)")
        }
        // another password for the same endpoint shares the file: the name never depends on it
        let other = CompletionCache(directory: home + "/loomctl", endpoint: try RedisEndpoint.parse(redis.tcpURL!.replacingOccurrences(of: "s3cr3t-pw", with: "x")),
            keys: Keyspace())
        #expect(other.path == cache.path)
        // and another key prefix does not
        let prefixed = CompletionCache(directory: home + "/loomctl", endpoint: try RedisEndpoint.parse(redis.tcpURL!),
            keys: Keyspace(keyPrefix: "{t}"))
        #expect(prefixed.path != cache.path)
    }

    @Test func aCorruptCacheIsIgnoredAndRebuilt() throws {
        let redis = try RedisServer()
        let conn = try redis.connect()
        _ = try Seeder(registry: ActorRegistry(redis: conn, keys: Keyspace())).seed(.init(actors: 100, types: 2, broken: false))
        let env = Self.env(redis, cacheHome: TestDirs.fresh())
        let builder = LiveNames(session: SessionState(), environment: env, cacheRefresh: .none)
        _ = try builder.refreshCacheNow(force: true)
        let (cache, _, _, _) = try #require(builder.completionCache())
        let good = try #require(FileManager.default.contents(atPath: cache.path))
        let expected = try Self.truth(conn, prefix: "order")
        for bad in [Data("garbage\n\u{0}\u{1}".utf8), good.prefix(good.count / 2), Data(), Data("loomctl-ids 99 0 0 0\n".utf8)] {
            try bad.write(to: URL(fileURLWithPath: cache.path))
            #expect(cache.load() == nil)
            // ignored: the answer comes from the live scan, and a rebuild starts
            // A generous budget: this test is about the corrupt cache, not the 150 ms completion budget (a loaded machine cut the live scan short).
            let live = LiveNames(session: SessionState(), environment: env, budget: .seconds(10), cacheRefresh: .thread)
            #expect(live.lookup(.actorIds, prefix: "order") == expected)
            #expect(Self.waitUntil { live.lookup(.actorIds, prefix: "order") == expected && cache.load() != nil })
            #expect(cache.load()?.matches(prefix: "order", limit: 500) == expected)
        }
    }

    @Test func concurrentRefreshersAreGuardedByTheLock() throws {
        let redis = try RedisServer()
        let conn = try redis.connect()
        _ = try Seeder(registry: ActorRegistry(redis: conn, keys: Keyspace())).seed(.init(actors: 100, types: 2, broken: false))
        let env = Self.env(redis, cacheHome: TestDirs.fresh())
        let live = LiveNames(session: SessionState(), environment: env, cacheRefresh: .none)
        let (cache, _, _, _) = try #require(live.completionCache())
        try FileManager.default.createDirectory(atPath: cache.directory, withIntermediateDirectories: true)
        // another refresher (here: this test) holds the lock: a second one gives up at once
        let fd = open(cache.lockPath, O_CREAT | O_RDWR, 0o600)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        #expect(try live.refreshCacheNow(force: true) == .busy)
        #expect(cache.load() == nil)
        close(fd)
        let outcome = try live.refreshCacheNow()
        var st = stat()
        #expect(stat(cache.path, &st) == 0)
        #expect(outcome == .built(count: 100, bytes: Int(st.st_size)))
        // a refresher that got the lock after another one finished skips the work
        #expect(try live.refreshCacheNow() == .fresh)
        // many at once: every one finishes, the file is valid
        let outcomes = Locked<[CompletionCache.RebuildOutcome]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            if let o = try? live.refreshCacheNow(force: true) { outcomes.withLock { $0.append(o) } }
        }
        #expect(outcomes.get.count == 4)
        #expect(outcomes.get.contains { if case .built = $0 { return true } else { return false } })
        #expect(cache.load()?.count == 100)
    }

    @Test func completeCommandRefreshesInADetachedProcess() throws {
        guard ShellBinary.available else { return }
        let redis = try RedisServer()
        let conn = try redis.connect()
        _ = try Seeder(registry: ActorRegistry(redis: conn, keys: Keyspace())).seed(.init(actors: 100, types: 2, broken: false))
        let home = TestDirs.fresh()
        var env = Self.env(redis, cacheHome: home)
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let r = runProcess([ShellBinary.loomctl, "__complete", "--", "actors", "get", "order-processor-0"], env: env, timeout: 20)
        #expect(r.code == 0)
        #expect(r.stdout.split(separator: "\n").map(String.init) == (try Self.truth(conn, prefix: "order-processor-0")))
        let live = LiveNames(session: SessionState(), environment: env, cacheRefresh: .none)
        let (cache, _, _, _) = try #require(live.completionCache())
        #expect(Self.waitUntil { cache.load()?.count == 100 })
    }
}
