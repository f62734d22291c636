import LoomCore
import LoomRing

/// Per-zone view of a ``RingReport`` (`ring show`'s ZONES section): kept out of RingReport.swift
/// so the node-level report stays as it is; computed from its lines only.
public struct ZoneReport: Sendable {
    public struct Line: Sendable {
        public var share: ZoneShare
        /// Sum of the zone's nodes' should-own / hosts when actors were counted.
        public var shouldOwn: Int?
        public var hosts: Int?
    }

    public var lines: [Line]
    /// Largest zone share of the hash space over its capacity-weighted ideal (nil: nothing eligible).
    public var shareImbalance: Double?
    /// Largest zone should-own over its capacity-weighted fair share of the actors (nil without actors).
    public var actorImbalance: Double?

    public init(_ r: RingReport) {
        var byZone: [String: [RingReport.Line]] = [:]
        for l in r.lines { byZone[l.node.zone, default: []].append(l) }
        lines = byZone.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { z in
            let ls = byZone[z]!
            let eligible = ls.filter(\.node.isEligible)
            let share = ZoneShare(zone: z, nodes: ls.count, eligibleNodes: eligible.count, capacity: eligible.reduce(0) { $0 + $1.node.capacity },
                percent: ls.reduce(0) { $0 + $1.sharePercent }, idealPercent: ls.reduce(0) { $0 + $1.idealPercent })
            let own = ls.allSatisfy { $0.shouldOwn == nil } ? nil : ls.reduce(0) { $0 + ($1.shouldOwn ?? 0) }
            let hosts = ls.allSatisfy { $0.hosts == nil } ? nil : ls.reduce(0) { $0 + ($1.hosts ?? 0) }
            return Line(share: share, shouldOwn: own, hosts: hosts)
        }
        shareImbalance = ZoneShare.imbalance(lines.map(\.share))
        if let actors = r.actors, actors > 0 {
            actorImbalance = lines.compactMap { l -> Double? in
                guard let own = l.shouldOwn, l.share.idealPercent > 0 else { return nil }
                return Double(own) / (Double(actors) * l.share.idealPercent / 100)
            }.max()
        }
    }

    public func json() -> JSONValue {
        .object([
            ("shareImbalance", JSONValue(shareImbalance)), ("actorImbalance", JSONValue(actorImbalance)),
            ("zones", .array(lines.map { l in
                .object([("zone", .string(l.share.zone)), ("nodes", .int(Int64(l.share.nodes))), ("eligibleNodes", .int(Int64(l.share.eligibleNodes))),
                    ("capacity", .double(l.share.capacity)), ("sharePercent", .double(l.share.percent)), ("idealPercent", .double(l.share.idealPercent)),
                    ("shouldOwn", JSONValue(l.shouldOwn)), ("hosts", JSONValue(l.hosts))])
            })),
        ])
    }
}
