import Foundation

/// Redaction of secrets for every output path (tables, JSON, errors, traces, shell history).
///
/// The rule from operator-conventions.md: at most `sk-…abcd`, i.e. a short recognisable head and
/// the last four characters, and nothing at all for short secrets.
public enum Redact {
    /// `sk-proj-abcdef…wxyz` → `sk-…wxyz`; secrets under 12 characters become `***`.
    public static func secret(_ value: String) -> String {
        guard value.count >= 12 else { return value.isEmpty ? "" : "***" }
        let tail = value.suffix(4)
        let head: Substring
        if let dash = value.firstIndex(of: "-"), value.distance(from: value.startIndex, to: dash) <= 4 {
            head = value[...dash]
        } else {
            head = ""
        }
        return "\(head)…\(tail)"
    }

    /// Hides credentials by structure, wherever they sit in a line of text: the password of any
    /// `user:password@host` userinfo (with or without a well-formed `scheme://`: `redis//:pw@h` and
    /// `:pw@h` are typos that still carry a password), a bare `scheme://password@host`, and
    /// `password=`/`key=`/`token=`-style query values. An address without userinfo is unchanged.
    public static func url(_ text: String) -> String {
        guard text.contains("@") || text.contains("=") else { return text }
        var out = ""
        out.reserveCapacity(text.count)
        var token = ""
        for c in text {
            if isTokenDelimiter(c) {
                out += redactToken(token)
                token.removeAll(keepingCapacity: true)
                out.append(c)
            } else {
                token.append(c)
            }
        }
        out += redactToken(token)
        return out
    }

    /// Quotes, brackets and white space end a token; `/`, `:` and `@` do not (they are URL syntax).
    private static func isTokenDelimiter(_ c: Character) -> Bool {
        c.isWhitespace || c == "\"" || c == "'" || c == "`" || c == "<" || c == ">" || c == "(" || c == ")" || c == ","
            || c == ";"
    }

    static let secretQueryKeys = ["password=", "pass=", "pwd=", "key=", "api-key=", "api_key=", "apikey=", "token=",
        "access_token=", "secret=", "sig="]

    private static func redactToken(_ token: String) -> String {
        guard !token.isEmpty else { return token }
        var result = token
        if let at = result.lastIndex(of: "@") {
            // Where the userinfo starts: after `://` (or a mistyped `//`), else after an `=` (a flag
            // or query value), else at the token's start.
            var start = result.startIndex
            var hadScheme = false
            if let s = result.range(of: "://"), s.upperBound <= at {
                start = s.upperBound
                hadScheme = true
            } else if let s = result.range(of: "//"), s.upperBound <= at {
                start = s.upperBound
            } else if let eq = result[..<at].lastIndex(of: "=") {
                start = result.index(after: eq)
            }
            let userinfo = result[start..<at]
            if let colon = userinfo.firstIndex(of: ":") {
                if result.index(after: colon) < at { result.replaceSubrange(result.index(after: colon)..<at, with: "***") }
            } else if hadScheme, !userinfo.isEmpty, !result.lowercased().hasPrefix("unix") {
                // `redis://password@host` (no user) is how some clients write a bare password.
                result.replaceSubrange(start..<at, with: "***")
            }
        }
        if result.contains("=") {
            let lower = result.lowercased()
            for key in secretQueryKeys where lower.contains(key) {
                var searchStart = result.startIndex
                while let r = result.range(of: key, options: [.caseInsensitive], range: searchStart..<result.endIndex) {
                    // Only whole keys: `monkey=` must not match `key=`.
                    let boundaryOK = r.lowerBound == result.startIndex
                        || !(result[result.index(before: r.lowerBound)].isLetter || result[result.index(before: r.lowerBound)].isNumber
                            || result[result.index(before: r.lowerBound)] == "_")
                    let end = result[r.upperBound...].firstIndex(where: { $0 == "&" || $0 == "#" }) ?? result.endIndex
                    if boundaryOK, r.upperBound < end, result[r.upperBound..<end] != "***" {
                        result.replaceSubrange(r.upperBound..<end, with: "***")
                    }
                    searchStart = result.index(r.upperBound, offsetBy: 3, limitedBy: result.endIndex) ?? result.endIndex
                }
            }
        }
        return result
    }

    /// Headers that carry credentials, compared case-insensitively.
    public static let sensitiveHeaders: Set<String> = [
        "authorization", "api-key", "x-api-key", "x-goog-api-key", "proxy-authorization", "cookie", "set-cookie",
    ]

    /// `Authorization: Bearer sk-…` → `Authorization: Bearer sk-…abcd`.
    public static func header(name: String, value: String) -> String {
        guard sensitiveHeaders.contains(name.lowercased()) else { return value }
        if let space = value.firstIndex(of: " "), value[..<space].lowercased() == "bearer" {
            return "Bearer " + secret(String(value[value.index(after: space)...]))
        }
        return secret(value)
    }
}

/// Replaces every occurrence of known secrets in free text (server error messages can echo them).
public struct SecretScrubber: Sendable {
    private var secrets: [String]

    public init(_ secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    public mutating func add(_ secret: String?) {
        if let secret, secret.count >= 4, !secrets.contains(secret) { secrets.append(secret) }
    }

    public func scrub(_ text: String) -> String {
        var out = text
        for s in secrets where out.contains(s) {
            out = out.replacingAll(s, with: Redact.secret(s))
        }
        return out
    }
}

extension String {
    /// Foundation-free replace-all (LoomCore avoids Foundation on the hot path).
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            result += rest[..<r.lowerBound]
            result += replacement
            rest = rest[r.upperBound...]
        }
        result += rest
        return result
    }
}

// MARK: - Node addresses (added by the ring/agent work; kept separate from the functions above)

extension Redact {
    /// A node's `--address` / `--health-url` for display and logs (`ring show -o wide`, node
    /// JSON, agent logs): anything shaped like userinfo (`user:pw@`, `token@`) before the first
    /// `?`/`#` becomes `***@`, with or without a scheme, and query secrets are hidden as in
    /// ``url(_:)``. Over-redacting a path that contains `@` is accepted; leaking is not.
    /// Redis keeps the real address (Loom needs it); only what loomctl prints is redacted.
    public static func nodeAddress(_ address: String) -> String {
        var result = address
        let authorityStart = result.range(of: "://")?.upperBound ?? result.startIndex
        let end = result[authorityStart...].firstIndex(where: { $0 == "?" || $0 == "#" }) ?? result.endIndex
        if let at = result[authorityStart..<end].lastIndex(of: "@"), at > authorityStart {
            result.replaceSubrange(authorityStart..<at, with: "***")
        }
        return url(result)
    }
}
