import Foundation

/// CPU and memory of the node, container-aware: cgroup v2 (`cpu.stat`, `cpu.max`,
/// `memory.current`, `memory.max`) when present, else `/proc/stat` and `/proc/meminfo`.
/// The roots are injectable so tests can point them at fixture files.
public struct SystemMetrics: Sendable {
    public var procRoot: String
    public var cgroupRoot: String

    public init(procRoot: String = "/proc", cgroupRoot: String = "/sys/fs/cgroup") {
        self.procRoot = procRoot
        self.cgroupRoot = cgroupRoot
    }

    /// A cumulative CPU reading; two of them give a percentage.
    public struct CPUSample: Sendable {
        /// cgroup: usage in µs and the wall clock in µs; /proc/stat: busy and total jiffies.
        var busy: Double
        var total: Double
        var cgroup: Bool
        var cpus: Double
    }

    func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// CPUs available to the cgroup: `cpu.max` quota/period, else the online CPU count.
    public func cpuLimit() -> Double {
        let online = Double(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        guard let text = read(cgroupRoot + "/cpu.max") else { return online }
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let quota = Double(parts[0]), let period = Double(parts[1]), period > 0 else { return online }
        return min(online, quota / period)
    }

    public func sampleCPU() -> CPUSample? {
        if let stat = read(cgroupRoot + "/cpu.stat"),
            let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("usage_usec ") }),
            let usage = Double(line.split(separator: " ")[1])
        {
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            return CPUSample(busy: usage, total: Double(ts.tv_sec) * 1e6 + Double(ts.tv_nsec) / 1e3, cgroup: true, cpus: cpuLimit())
        }
        guard let stat = read(procRoot + "/stat"), let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else {
            return nil
        }
        let v = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard v.count >= 4 else { return nil }
        let total = v.prefix(8).reduce(0, +)
        let idle = v[3] + (v.count > 4 ? v[4] : 0)
        return CPUSample(busy: total - idle, total: total, cgroup: false, cpus: 1)
    }

    /// Percent of the available CPU used between two samples (0–100).
    public static func cpuPercent(from a: CPUSample, to b: CPUSample) -> Double? {
        let dt = b.total - a.total
        guard dt > 0, a.cgroup == b.cgroup else { return nil }
        let ratio = (b.busy - a.busy) / dt / (b.cgroup ? max(b.cpus, 0.001) : 1)
        return (min(max(ratio, 0), 1) * 1000).rounded() / 10
    }

    /// Percent of the memory limit in use: cgroup `memory.current / memory.max`, or against
    /// MemTotal when the cgroup has no limit, else `/proc/meminfo` (total − available).
    public func memoryPercent() -> Double? {
        let meminfo = read(procRoot + "/meminfo").map(Self.parseMeminfo) ?? [:]
        if let cur = read(cgroupRoot + "/memory.current").flatMap({ Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
            let maxText = read(cgroupRoot + "/memory.max")?.trimmingCharacters(in: .whitespacesAndNewlines)
            let limit = maxText.flatMap(Double.init) ?? meminfo["MemTotal"].map { $0 * 1024 }
            if let limit, limit > 0 { return (min(cur / limit, 1) * 1000).rounded() / 10 }
        }
        guard let total = meminfo["MemTotal"], total > 0, let avail = meminfo["MemAvailable"] else { return nil }
        return ((total - avail) / total * 1000).rounded() / 10
    }

    static func parseMeminfo(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " })
            if parts.count >= 2, let v = Double(parts[1]) { out[String(parts[0])] = v }
        }
        return out
    }
}

/// A plain HTTP GET of Loom's `/health` with a short timeout (the agent's `--health-url`).
public enum HealthProbe {
    public struct Result: Sendable, Equatable {
        public var ok: Bool
        public var status: Int
        public var error: String?
        public var millis: Int
    }

    /// One GET through the same prober `health nodes` uses.
    public static func check(_ url: String, timeoutMillis: Int = 2000) -> Result {
        guard let r = HTTPProber.get([url], timeoutMillis: timeoutMillis).first else {
            return Result(ok: false, status: 0, error: "no result", millis: 0)
        }
        return Result(ok: r.error == nil && (200..<300).contains(r.status), status: r.status, error: r.error, millis: Int(r.millis))
    }
}
