import LoomOutput

/// An `OutputSink` that records stdout and stderr separately.
public struct CapturingSink: Sendable {
    public let out = MemoryStream()
    public let err = MemoryStream()
    public let sink: OutputSink

    public init(outIsTerminal: Bool = false, color: Bool = false) {
        sink = OutputSink(out: out, err: err, outIsTerminal: outIsTerminal, errIsTerminal: false, color: color)
    }

    public var stdout: String { out.text }
    public var stderr: String { err.text }
}
