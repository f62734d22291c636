import ArgumentParser
import Foundation
import LoomCore
import LoomOutput

/// The single place where errors become exit codes and messages (operator-conventions.md).
public enum ExitStatus {
    public struct Report: Sendable {
        public var code: Int32
        /// Text for stderr (or stdout for help), already redacted.
        public var message: String
        public var hint: String?
        public var errorCode: String
        /// Help and version go to stdout with exit 0.
        public var toStdout: Bool
    }

    /// Each error kind's exit code (operator-conventions.md, docs/exit-codes.md): the only copy.
    public static let exitCodes: [ErrorKind: Int32] = [
        .other: 1, .usage: 2, .notFound: 3, .unhealthy: 4, .planHasChanges: 5, .conflict: 6, .unreachable: 7,
        .interrupted: 130,
    ]

    public static func exitCode(_ kind: ErrorKind) -> Int32 { exitCodes[kind] ?? 1 }

    public static func classify(_ error: any Error) -> Report {
        switch error {
        case let e as CommandExit:
            return Report(code: exitCode(e.kind), message: "", hint: nil, errorCode: e.kind.rawValue, toStdout: false)
        case let e as any LoomError:
            return Report(code: exitCode(e.kind), message: ErrorHints.message(for: e), hint: ErrorHints.hint(for: e), errorCode: e.code,
                toStdout: false)
        case is CancellationError:
            return Report(code: exitCode(.interrupted), message: "interrupted", hint: nil, errorCode: "interrupted", toStdout: false)
        default:
            let code = Loomctl.exitCode(for: error).rawValue
            let text = Loomctl.fullMessage(for: error).trimmingCharacters(in: .newlines)
            if code == 0 {
                return Report(code: 0, message: text, hint: nil, errorCode: "", toStdout: true)
            }
            // ArgumentParser: validation/usage failures are EX_USAGE (64); ours is 2.
            let mapped: Int32 = code == 64 ? 2 : code
            return Report(code: mapped, message: text.hasPrefix("Error: ") ? String(text.dropFirst(7)) : text, hint: nil,
                errorCode: mapped == 2 ? "usage" : "error", toStdout: false)
        }
    }

    /// stdout failed with something other than EPIPE: the data did not reach its destination.
    public static func outputWriteFailed(errno: Int32) -> Report {
        Report(code: 1, message: "cannot write output: \(String(cString: strerror(errno)))", hint: nil,
            errorCode: "output_write_failed", toStdout: false)
    }

    /// Writes the report: `loomctl: <message>` + hint on stderr, and the JSON envelope too when
    /// the output format is machine-readable.
    public static func emit(_ report: Report, sink: OutputSink, format: OutputFormat?) {
        if report.toStdout {
            if !report.message.isEmpty { sink.print(report.message) }
            sink.flush()
            return
        }
        guard !report.message.isEmpty else { return }
        // Messages quote server replies and ids: escape control characters, keep our own line breaks.
        var text = TerminalText.escapeKeepingLines(report.message).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 ? "loomctl: \($0.element)" : String($0.element) }.joined(separator: "\n")
        if let hint = report.hint { text += "\n  hint: \(TerminalText.escape(hint))" }
        sink.printError(text)
        if let format, format.emitsErrorEnvelope {
            var inner: [(String, JSONValue)] = [("code", .string(report.errorCode)), ("message", .string(report.message))]
            if let hint = report.hint { inner.append(("hint", .string(hint))) }
            inner.append(("exitCode", .int(Int64(report.code))))
            sink.printError(JSONValue.object([("error", .object(inner))]).serialized())
        }
    }
}
