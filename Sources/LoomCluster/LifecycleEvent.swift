import LoomCore
import LoomRedis

/// A message on `loom:actor:events` (contract §2.1).
public struct LifecycleEvent: Sendable, Equatable {
    public var type: String
    public var actorId: String
    public var actorType: String
    public var workerId: String
    public var timestamp: String
    public var data: JSONValue?

    public static let registered = "actor:registered"
    public static let unregistered = "actor:unregistered"
    public static let statusChanged = "actor:status-changed"

    public init(type: String, actorId: String, actorType: String, workerId: String, timestamp: String, data: JSONValue? = nil) {
        self.type = type
        self.actorId = actorId
        self.actorType = actorType
        self.workerId = workerId
        self.timestamp = timestamp
        self.data = data
    }

    /// Field order as Loom's emitter builds the object.
    public func json() -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("type", .string(type)), ("actorId", .string(actorId)), ("actorType", .string(actorType)),
            ("workerId", .string(workerId)), ("timestamp", .string(timestamp)),
        ]
        if let data { m.append(("data", data)) }
        return .object(m)
    }

    /// Parses a payload; nil for anything that is not a JSON object with a `type`.
    public static func parse(_ payload: [UInt8]) -> LifecycleEvent? {
        guard let v = try? JSONValue.parse(bytes: payload), let type = v["type"]?.stringValue else { return nil }
        return LifecycleEvent(type: type, actorId: v["actorId"]?.stringValue ?? "", actorType: v["actorType"]?.stringValue ?? "",
            workerId: v["workerId"]?.stringValue ?? "", timestamp: v["timestamp"]?.stringValue ?? "", data: v["data"])
    }

    /// The PUBLISH command for this event.
    public var publishCommand: [String] { ["PUBLISH", Keyspace.actorEventsChannel, json().serialized()] }
}
