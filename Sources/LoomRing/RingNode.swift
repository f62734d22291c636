/// One member of a ring.
///
/// `capacity` is a relative weight: a node with capacity 2 receives twice the hash space of a
/// node with capacity 1. `isEligible` lets operators model cordoned or down nodes: such nodes
/// stay listed (so reports can show them with zero share) but receive no points and own nothing.
public struct RingNode: Sendable, Hashable, Codable {
    public var id: String
    public var capacity: Double
    public var isEligible: Bool
    /// Failure domain (availability zone, rack…). Placement ignores it; the zone-aware fallback
    /// order (``HashRing/zonedLookup(key:count:)``) and zone reports use it. "" = no zone.
    public var zone: String

    public init(id: String, capacity: Double = 1, isEligible: Bool = true, zone: String = "") {
        self.id = id
        self.capacity = capacity
        self.isEligible = isEligible
        self.zone = zone
    }

    private enum CodingKeys: String, CodingKey { case id, capacity, isEligible, zone }

    /// Decodes records written before zones existed (no `zone` key) as zone "".
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), capacity: try c.decode(Double.self, forKey: .capacity),
            isEligible: try c.decode(Bool.self, forKey: .isEligible), zone: try c.decodeIfPresent(String.self, forKey: .zone) ?? "")
    }

    /// The largest capacity a node may have: 100,000. At the default 150 points per unit of
    /// capacity that is 15M points, still under ``HashRing/maxPoints`` (2^24), so a single node
    /// at the limit builds a ring; anything larger could only fail (or, before this bound, trap
    /// converting `capacity × pointsPerCapacity` to `Int` from about 7e16 on).
    public static let maxCapacity: Double = 100_000

    /// Valid capacities: finite, > 0 and ≤ ``maxCapacity``. Every entry point (flags, node
    /// records read from Redis, offline node lists) checks this one predicate.
    public static func isValidCapacity(_ c: Double) -> Bool { c.isFinite && c > 0 && c <= maxCapacity }

    /// Throws unless the id is non-empty and the capacity is valid (``isValidCapacity(_:)``).
    public func validate() throws(RingError) {
        guard !id.isEmpty else { throw .invalidNodeID(id) }
        guard Self.isValidCapacity(capacity) else { throw .invalidCapacity(node: id, capacity: capacity) }
    }

    /// Parses the offline node-list syntax `"a,b:2,c@eu-1"`: comma-separated `id[:capacity][@zone]`
    /// entries, whitespace around entries ignored, capacity defaulting to 1, zone to "".
    /// The zone is taken after the LAST `@` (so ids may not contain `@` when a zone is given).
    ///
    /// The capacity is taken after the LAST `:`, so an id that itself contains `:` (such as
    /// `host:6379`) must be written with an explicit capacity: `host:6379:1`.
    /// Empty entries, non-numeric or non-positive capacities and duplicate ids are errors.
    public static func parseList(_ text: String) throws(RingError) -> [RingNode] {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
        var nodes: [RingNode] = []
        var seen = Set<String>()
        for raw in entries {
            var entry = raw.trimmingWhitespace()
            guard !entry.isEmpty else { throw .invalidNodeList(text, reason: "empty entry") }
            var zone = ""
            if let at = entry.lastIndex(of: "@") {
                zone = entry[entry.index(after: at)...].trimmingWhitespace()
                entry = entry[..<at].trimmingWhitespace()
                guard !zone.isEmpty else { throw .invalidNodeList(text, reason: "empty zone after '@' in '\(raw.trimmingWhitespace())'") }
            }
            var node = RingNode(id: entry, zone: zone)
            if let colon = entry.lastIndex(of: ":") {
                node.id = String(entry[..<colon]).trimmingWhitespace()
                let capText = entry[entry.index(after: colon)...].trimmingWhitespace()
                guard let capacity = Double(capText) else {
                    throw .invalidNodeList(text, reason: "capacity '\(capText)' of '\(node.id)' is not a number")
                }
                node.capacity = capacity
            }
            guard !node.id.isEmpty else { throw .invalidNodeList(text, reason: "empty node id in '\(entry)'") }
            guard isValidCapacity(node.capacity) else {
                throw .invalidNodeList(text, reason: "capacity of '\(node.id)' must be > 0 and ≤ \(Int(maxCapacity))")
            }
            guard seen.insert(node.id).inserted else { throw .invalidNodeList(text, reason: "duplicate node id '\(node.id)'") }
            nodes.append(node)
        }
        return nodes
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var sub = self[...]
        while let c = sub.first, c.isWhitespace { sub = sub.dropFirst() }
        while let c = sub.last, c.isWhitespace { sub = sub.dropLast() }
        return String(sub)
    }
}
