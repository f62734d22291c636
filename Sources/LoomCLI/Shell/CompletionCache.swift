import Foundation
import LoomRedis
import LoomKeyspace
import LoomRegistry

/// A local, sorted snapshot of a registry's actor ids, so that TAB can answer the complete set of
/// matches for a prefix in microseconds (a binary search in a memory-mapped file) instead of
/// scanning a million-member set in Redis.
///
/// One file per Redis endpoint + registry prefix, under `$XDG_CACHE_HOME/loomctl/`
/// (`~/.cache/loomctl/`), named `ids-<fnv1a64 of "endpoint without password|db|keyPrefix|actorPrefix">.cache`,
/// mode 0600 in a 0700 directory, replaced atomically (temp file + rename). Format:
///
///     loomctl-ids 1 <created-at ms> <count> <body bytes>\n
///     <id>\n … (sorted by UTF-8 bytes, unique; ids containing '\n' are left out)
///
/// The snapshot is a list of candidates, not the truth: ids unregistered since it was built
/// linger until the next rebuild, and ids registered since are found by the live scan.
struct CompletionCache: Sendable {
    static let magic = "loomctl-ids"
    static let formatVersion = 1
    static let defaultTTL: Duration = .seconds(60)

    let directory: String
    let path: String
    let lockPath: String
    let ttl: Duration

    /// `$LOOMCTL_COMPLETION_CACHE_DIR`, else `$XDG_CACHE_HOME/loomctl`, else `$HOME/.cache/loomctl`; nil (no cache) without either.
    static func directory(environment: [String: String]) -> String? {
        if environment["LOOMCTL_COMPLETION_CACHE"] == "off" { return nil }
        if let d = environment["LOOMCTL_COMPLETION_CACHE_DIR"], d.hasPrefix("/") { return d }
        if let x = environment["XDG_CACHE_HOME"], x.hasPrefix("/") { return x + "/loomctl" }
        if let h = environment["HOME"], h.hasPrefix("/") { return h + "/.cache/loomctl" }
        return nil
    }

    /// TTL from `LOOMCTL_COMPLETION_CACHE_TTL` (seconds), default 60 s.
    static func ttl(environment: [String: String]) -> Duration {
        if let v = environment["LOOMCTL_COMPLETION_CACHE_TTL"], let s = Double(v), s >= 0 { return .milliseconds(Int64(s * 1000)) }
        return defaultTTL
    }

    /// What the file name is derived from: never the password.
    static func identity(endpoint: RedisEndpoint, keys: Keyspace) -> String {
        var e = endpoint
        e.password = nil
        return "\(e.display)|db=\(e.database)|\(keys.keyPrefix)|\(keys.actorPrefix)"
    }

    static func fnv1a64(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        return h
    }

    init(directory: String, endpoint: RedisEndpoint, keys: Keyspace, ttl: Duration = CompletionCache.defaultTTL) {
        self.directory = directory
        let hex = String(Self.fnv1a64(Self.identity(endpoint: endpoint, keys: keys)), radix: 16)
        let name = "ids-" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        self.path = directory + "/" + name + ".cache"
        self.lockPath = directory + "/" + name + ".lock"
        self.ttl = ttl
    }

    static func nowMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    // MARK: Reading

    /// A memory-mapped, validated cache file.
    final class Snapshot: @unchecked Sendable {
        let createdAtMs: Int64
        let count: Int
        private let base: UnsafeRawPointer
        private let size: Int
        private let bodyStart: Int

        fileprivate init(createdAtMs: Int64, count: Int, base: UnsafeRawPointer, size: Int, bodyStart: Int) {
            self.createdAtMs = createdAtMs
            self.count = count
            self.base = base
            self.size = size
            self.bodyStart = bodyStart
        }

        deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

        var ageMilliseconds: Int64 { CompletionCache.nowMilliseconds() - createdAtMs }

        func isStale(ttl: Duration) -> Bool {
            let ttlMs = ttl.components.seconds * 1000 + ttl.components.attoseconds / 1_000_000_000_000_000
            return ageMilliseconds > ttlMs || ageMilliseconds < -60_000
        }

        /// Up to `limit` ids starting with `prefix` (UTF-8 bytes), in file (byte) order.
        func matches(prefix: String, limit: Int) -> [String] {
            let p = Array(prefix.utf8)
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            // Lower bound: the first line >= prefix. lo and hi are always line starts.
            var lo = bodyStart, hi = size
            while lo < hi {
                var mid = lo + (hi - lo) / 2
                while mid > lo && bytes[mid - 1] != 10 { mid -= 1 }
                let end = lineEnd(mid)
                if compare(bytes + mid, end - mid, p) < 0 { lo = end + 1 } else { hi = mid }
            }
            var out: [String] = []
            var i = lo
            while i < size, out.count < limit {
                let end = lineEnd(i)
                let len = end - i
                guard len >= p.count, p.isEmpty || p.withUnsafeBufferPointer({ memcmp(bytes + i, $0.baseAddress!, p.count) == 0 }) else { break }
                out.append(String(decoding: UnsafeBufferPointer(start: bytes + i, count: len), as: UTF8.self))
                i = end + 1
            }
            return out
        }

        private func lineEnd(_ start: Int) -> Int {
            guard start < size else { return size }
            let found = memchr(base + start, 10, size - start)
            return found.map { $0 - UnsafeMutableRawPointer(mutating: base) } ?? size
        }

        private func compare(_ a: UnsafePointer<UInt8>, _ n: Int, _ p: [UInt8]) -> Int {
            let m = min(n, p.count)
            if m > 0 {
                let r = p.withUnsafeBufferPointer { memcmp(a, $0.baseAddress!, m) }
                if r != 0 { return Int(r) }
            }
            return n < p.count ? -1 : n == p.count ? 0 : 1
        }
    }

    /// The snapshot, or nil when the file is missing, unreadable, of another format version,
    /// truncated or otherwise corrupt (the caller then rebuilds it).
    func load() -> Snapshot? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0, st.st_size < 1 << 34 else { return nil }
        let size = Int(st.st_size)
        guard let m = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), m != MAP_FAILED else { return nil }
        let bytes = UnsafeRawPointer(m).assumingMemoryBound(to: UInt8.self)
        let headerEnd = memchr(m, 10, min(size, 200)).map { $0 - m } ?? -1
        func fail() -> Snapshot? {
            munmap(m, size)
            return nil
        }
        guard headerEnd > 0 else { return fail() }
        let header = String(decoding: UnsafeBufferPointer(start: bytes, count: headerEnd), as: UTF8.self).split(separator: " ")
        guard header.count == 5, header[0] == Self.magic, header[1] == String(Self.formatVersion),
            let created = Int64(header[2]), let count = Int(header[3]), let body = Int(header[4]), count >= 0,
            headerEnd + 1 + body == size, body == 0 || bytes[size - 1] == 10
        else { return fail() }
        return Snapshot(createdAtMs: created, count: count, base: UnsafeRawPointer(m), size: size, bodyStart: headerEnd + 1)
    }

    // MARK: Building

    enum RebuildOutcome: Equatable {
        /// Written: number of ids and file size in bytes.
        case built(count: Int, bytes: Int)
        /// Another refresher holds the lock.
        case busy
        /// Someone else rebuilt it while we waited; nothing done.
        case fresh
    }

    /// Rebuilds the file from a full `SSCAN allSet COUNT 5000`, under an exclusive `flock` on the
    /// lock file (non-blocking: a second refresher returns `.busy` at once). Not time-bounded:
    /// callers run it off the completion path (a background thread or a detached process).
    func rebuild(registry: ActorRegistry, force: Bool = false, scanCount: Int = 5000) throws -> RebuildOutcome {
        try makeDirectory()
        let lockFD = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else { throw CacheError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(lockFD) }  // releases the flock
        guard flock(lockFD, LOCK_EX | LOCK_NB) == 0 else { return .busy }
        if !force, let s = load(), !s.isStale(ttl: ttl) { return .fresh }
        let created = Self.nowMilliseconds()

        // All ids in one byte buffer, (offset, length) per id.
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var spans: [(Int, Int)] = []
        try registry.forEachIDBatch(count: scanCount) { batch throws(RedisError) in
            for id in batch where !id.utf8.contains(10) && !id.isEmpty {
                spans.append((buffer.count, id.utf8.count))
                buffer.append(contentsOf: id.utf8)
            }
            return true
        }
        var body: [UInt8] = []
        var count = 0
        buffer.withUnsafeBufferPointer { buf in
            let b = buf.baseAddress!
            spans.sort { x, y in
                let r = memcmp(b + x.0, b + y.0, min(x.1, y.1))
                return r != 0 ? r < 0 : x.1 < y.1
            }
            body.reserveCapacity(buffer.count + spans.count)
            var previous: (Int, Int)?
            for s in spans {
                // SSCAN may return a member more than once.
                if let p = previous, p.1 == s.1, memcmp(b + p.0, b + s.0, s.1) == 0 { continue }
                body.append(contentsOf: UnsafeBufferPointer(start: b + s.0, count: s.1))
                body.append(10)
                count += 1
                previous = s
            }
        }
        let header = Array("\(Self.magic) \(Self.formatVersion) \(created) \(count) \(body.count)\n".utf8)
        try writeAtomically([header, body])
        return .built(count: count, bytes: header.count + body.count)
    }

    private func makeDirectory() throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
    }

    private func writeAtomically(_ chunks: [[UInt8]]) throws {
        var template = Array((directory + "/.ids-XXXXXX.tmp").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else { throw CacheError("cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))") }
        let tmp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var ok = fchmod(fd, 0o600) == 0
        for chunk in chunks where ok {
            ok = chunk.withUnsafeBytes { raw -> Bool in
                var off = 0
                while off < raw.count {
                    let n = write(fd, raw.baseAddress! + off, raw.count - off)
                    if n < 0 { if errno == EINTR { continue }; return false }
                    off += n
                }
                return true
            }
        }
        if close(fd) != 0 { ok = false }
        guard ok, rename(tmp, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(tmp)
            throw CacheError("cannot write \(path): \(message)")
        }
    }

    /// Removes the file (tests, `rm` in the docs does the same).
    func remove() { unlink(path) }

    struct CacheError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}

/// Starts a process detached from this one (own session via setsid, stdio on /dev/null) and never
/// waits for it: `loomctl __complete` exits right after, and the child is re-parented to init.
enum DetachedProcess {
    @discardableResult
    static func spawn(_ executable: String, arguments: [String], environment: [String: String]) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attr, &mask)
        // POSIX_SPAWN_SETSID (0x80, glibc >= 2.26) is a GNU macro Swift does not import.
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK) | 0x80)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attr, argv, envp)
        return rc == 0 ? pid : nil
    }

    /// This executable's path when it is loomctl itself (not a test runner hosting it), else nil.
    static func loomctlExecutable() -> String? {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.split(separator: "/").last?.hasPrefix("loomctl") == true ? path : nil
    }
}
