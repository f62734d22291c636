import Foundation
import LoomCore
import LoomRedis
import LoomShell
import LoomKeyspace
import LoomRegistry

/// Live names for completion, from the cluster's Redis and the config file, under a hard time
/// budget: a slow or unreachable Redis yields fewer (or no) candidates, never a frozen terminal.
///
/// Redis lookups use a connection of the session kept apart from the one commands use, with short
/// connect/reply timeouts, so a TAB never waits behind a 5-second command timeout.
final class LiveNames: @unchecked Sendable {
    let session: SessionState
    let environment: [String: String]
    let budget: Duration
    let maxResults: Int
    /// SSCAN/SCAN COUNT per round trip.
    let scanCount: Int

    private struct Entry {
        var at: ContinuousClock.Instant
        var names: [String]
        var complete: Bool
    }
    private let cache = Locked<[String: Entry]>([:])
    private let unreachableUntil = Locked<ContinuousClock.Instant?>(nil)

    static let providers = ["openai", "azure-openai", "anthropic", "gemini"]
    /// Until the LLM module publishes its catalogue, the models Loom's docs use.
    static let models = [
        "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3-mini",
        "claude-3-5-haiku-latest", "claude-3-7-sonnet-latest", "claude-sonnet-4-0", "claude-opus-4-0",
        "gemini-1.5-flash", "gemini-1.5-pro", "gemini-2.0-flash", "gemini-2.5-pro",
    ]

    /// How a missing or stale id cache (`CompletionCache`) is rebuilt, always off the TAB's budget.
    enum CacheRefresh: Sendable {
        /// Never (the cache is still read).
        case none
        /// On a background thread of this process (the interactive shell).
        case thread
        /// In a detached `loomctl __complete --refresh-cache` process (`loomctl __complete` exits at once).
        case spawn(executable: String)
    }
    /// Where id caches live (nil: no cache), their TTL, and how they are refreshed.
    let cacheDirectory: String?
    let cacheTTL: Duration
    let cacheRefresh: CacheRefresh
    /// Cache files this process is refreshing now (one refresher per file per process; `flock` across processes).
    private static let refreshing = Locked<Set<String>>([])

    init(session: SessionState, environment: [String: String], budget: Duration = .milliseconds(150), maxResults: Int = 500,
        scanCount: Int = 5000, cacheRefresh: CacheRefresh = .thread, cacheDirectory: String?? = nil)
    {
        self.session = session
        self.environment = environment
        self.budget = budget
        self.maxResults = maxResults
        self.scanCount = scanCount
        self.cacheRefresh = cacheRefresh
        self.cacheDirectory = cacheDirectory ?? CompletionCache.directory(environment: environment)
        self.cacheTTL = CompletionCache.ttl(environment: environment)
    }

    func lookup(_ kind: LiveNameKind, prefix: String, lineOptions: [String: String] = [:]) -> [String] {
        switch kind {
        case .providers: return Self.providers.filter { $0.hasPrefix(prefix) }
        case .models: return Self.models.filter { $0.hasPrefix(prefix) }
        case .contexts:
            guard let s = settings(lineOptions, lenient: true) else { return [] }
            return s.config.contexts.map(\.name).filter { $0.hasPrefix(prefix) }
        case .actorIds:
            return actorIds(prefix: prefix, lineOptions: lineOptions)
        case .actorTypes, .nodes:
            return redisNames(kind, prefix: prefix, lineOptions: lineOptions)
        }
    }

    /// The Redis endpoint and keyspace completion reads for these line options.
    private func target(_ lineOptions: [String: String]) -> (settings: Settings, endpoint: RedisEndpoint, keys: Keyspace)? {
        guard let s = settings(lineOptions, lenient: true), let endpoint = try? s.redisEndpoint() else { return nil }
        return (s, endpoint, s.keyspace)
    }

    func completionCache(_ lineOptions: [String: String] = [:]) -> (CompletionCache, RedisEndpoint, Keyspace, Settings)? {
        guard let dir = cacheDirectory, let t = target(lineOptions) else { return nil }
        return (CompletionCache(directory: dir, endpoint: t.endpoint, keys: t.keys, ttl: cacheTTL), t.endpoint, t.keys, t.settings)
    }

    /// Actor ids: every match in the local id cache (a binary search, microseconds), merged with
    /// what the live SSCAN finds in the rest of the budget (ids registered since the cache was
    /// built). A missing, corrupt or stale cache starts a refresh that does not count against the budget.
    private func actorIds(prefix: String, lineOptions: [String: String]) -> [String] {
        let start = ContinuousClock.now
        var cached: [String] = []
        var refresh: (() -> Void)?
        if let (cache, endpoint, keys, settings) = completionCache(lineOptions) {
            let snapshot = cache.load()
            if let snapshot { cached = snapshot.matches(prefix: prefix, limit: maxResults) }
            if snapshot?.isStale(ttl: cacheTTL) ?? true {
                refresh = { self.startRefresh(cache, endpoint: endpoint, keys: keys, settings: settings) }
            }
        }
        let live = redisNames(.actorIds, prefix: prefix, lineOptions: lineOptions, deadline: start + budget)
        // Started after the live scan, so the rebuild (a full SSCAN and a sort) does not slow this answer down.
        refresh?()
        if cached.isEmpty { return live }
        return Array(Set(cached + live).sorted().prefix(maxResults))
    }

    /// Checks the id cache for the session's settings and starts a refresh when it is missing or stale
    /// (the shell calls it after start-up).
    func warmCache() {
        guard let (cache, endpoint, keys, settings) = completionCache() else { return }
        if let s = cache.load(), !s.isStale(ttl: cacheTTL) { return }
        startRefresh(cache, endpoint: endpoint, keys: keys, settings: settings)
    }

    /// Rebuilds the id cache now, on this thread (`loomctl __complete --refresh-cache`, tests, the bench).
    @discardableResult
    func refreshCacheNow(lineOptions: [String: String] = [:], force: Bool = false) throws -> CompletionCache.RebuildOutcome? {
        guard let (cache, endpoint, keys, _) = completionCache(lineOptions) else { return nil }
        let conn = try RedisConnection(endpoint, timeouts: RedisTimeouts(connect: .seconds(2), reply: .seconds(10)))
        defer { conn.close() }
        return try cache.rebuild(registry: ActorRegistry(redis: conn, keys: keys), force: force, scanCount: scanCount)
    }

    private func startRefresh(_ cache: CompletionCache, endpoint: RedisEndpoint, keys: Keyspace, settings: Settings) {
        switch cacheRefresh {
        case .none:
            return
        case .thread:
            guard Self.refreshing.withLock({ $0.insert(cache.path).inserted }) else { return }
            let scanCount = self.scanCount
            Thread.detachNewThread {
                defer { _ = Self.refreshing.withLock { $0.remove(cache.path) } }
                guard let conn = try? RedisConnection(endpoint, timeouts: RedisTimeouts(connect: .seconds(2), reply: .seconds(10)))
                else { return }
                defer { conn.close() }
                _ = try? cache.rebuild(registry: ActorRegistry(redis: conn, keys: keys), scanCount: scanCount)
            }
        case .spawn(let executable):
            guard Self.refreshing.withLock({ $0.insert(cache.path).inserted }) else { return }
            // Settings travel in the environment (readable by this user only), never on the command line.
            var env = environment
            env.merge(settings.handOffEnvironment) { _, resolved in resolved }
            env["LOOMCTL_COMPLETION_CACHE_DIR"] = cache.directory
            DetachedProcess.spawn(executable, arguments: ["loomctl", "__complete", "--refresh-cache"], environment: env)
        }
    }

    private func settings(_ lineOptions: [String: String], lenient: Bool) -> Settings? {
        var f = FlagSettings(commandLine: lineOptions)
        if f[.context] == nil { f[.context] = session.contextOverride }
        return try? Settings.resolve(flags: f, environment: environment, lenient: lenient)
    }

    private func redisNames(_ kind: LiveNameKind, prefix: String, lineOptions: [String: String],
        deadline givenDeadline: ContinuousClock.Instant? = nil) -> [String]
    {
        let start = ContinuousClock.now
        let deadline = givenDeadline ?? start + budget
        let budget = deadline - start
        if let until = unreachableUntil.get, start < until { return [] }
        guard let (_, endpoint, keys) = target(lineOptions) else { return [] }
        let cacheKey = "\(endpoint.display)|\(keys.actorBase)|\(keys.nodePrefix)|\(kind.rawValue)"
        // A finished scan for a shorter prefix answers a longer one without asking Redis again.
        if let hit = cache.withLock({ c -> Entry? in
            guard let e = c[cacheKey + "|" + prefix] ?? self.bestPrefixEntry(c, base: cacheKey, prefix: prefix) else { return nil }
            return start - e.at < .seconds(e.complete ? 10 : 2) ? e : nil
        }) {
            return hit.names.filter { $0.hasPrefix(prefix) }
        }
        guard budget > .milliseconds(5) else { return [] }
        let connectBudget = min(budget, .milliseconds(200))
        let conn: RedisConnection
        do {
            conn = try session.connection(for: endpoint, timeouts: RedisTimeouts(connect: connectBudget, reply: .milliseconds(300)))
        } catch {
            unreachableUntil.set(ContinuousClock.now + .seconds(3))
            return []
        }
        var names = Set<String>()
        var complete = false
        let registryKind: ActorRegistry.NameKind
        switch kind {
        case .actorIds: registryKind = .actorIds
        case .nodes: registryKind = .nodes
        case .actorTypes: registryKind = .actorTypes
        default: return []
        }
        do {
            complete = try ActorRegistry(redis: conn, keys: keys).names(registryKind, prefix: prefix, deadline: deadline,
                maxResults: maxResults, scanCount: scanCount, into: &names)
        } catch {
            if error.reason == .unreachable || error.reason == .timeout { unreachableUntil.set(ContinuousClock.now + .seconds(3)) }
        }
        let sorted = names.sorted()
        cache.withLock { $0[cacheKey + "|" + prefix] = Entry(at: ContinuousClock.now, names: sorted, complete: complete) }
        return Array(sorted.prefix(maxResults))
    }

    private func bestPrefixEntry(_ c: [String: Entry], base: String, prefix: String) -> Entry? {
        var p = prefix
        while !p.isEmpty {
            p.removeLast()
            if let e = c[base + "|" + p], e.complete { return e }
        }
        return nil
    }
}

/// Entry points for `LoomBench shell` (the benchmark target cannot see internal types).
public enum ShellBenchmarkHooks {
    /// Completes actor ids for `prefix` the way the shell's TAB does (fresh session, no in-memory
    /// cache; the id cache file is read when `environment` locates one); returns the candidates.
    /// With `refreshInBackground`, a missing or stale id cache is rebuilt on a background thread.
    public static func completeActorIds(prefix: String, environment: [String: String], budgetMilliseconds: Int = 150,
        refreshInBackground: Bool = false) -> [String]
    {
        let live = LiveNames(session: SessionState(), environment: environment, budget: .milliseconds(budgetMilliseconds),
            cacheRefresh: refreshInBackground ? .thread : .none)
        return live.lookup(.actorIds, prefix: prefix)
    }

    /// Rebuilds the id cache now; returns (ids, file bytes), or nil when `environment` gives no cache directory.
    public static func rebuildCompletionCache(environment: [String: String]) throws -> (count: Int, bytes: Int)? {
        let live = LiveNames(session: SessionState(), environment: environment, cacheRefresh: .none)
        guard case .built(let count, let bytes) = try live.refreshCacheNow(force: true) else { return nil }
        return (count, bytes)
    }

    /// The id cache file for `environment`'s settings, and whether it is present and valid.
    public static func completionCacheFile(environment: [String: String]) -> (path: String, valid: Bool)? {
        let live = LiveNames(session: SessionState(), environment: environment, cacheRefresh: .none)
        guard let (cache, _, _, _) = live.completionCache() else { return nil }
        return (cache.path, cache.load() != nil)
    }

    /// Builds the command model (what the first TAB or hint pays once per process).
    public static func buildCommandModel() -> Int { CommandModel.build(Loomctl.self).allNodes.count }

    /// Completes a whole line as the shell does.
    public static func complete(line: String, environment: [String: String]) -> [String] {
        let c = ShellCompleter.make(session: SessionState(), environment: environment)
        let (w, cur) = Tokenizer.splitForCompletion(line)
        guard case .words(let r) = c.complete(words: w, current: cur) else { return [] }
        return r
    }
}
