import LoomCore

/// Decides which shell lines never reach the history file (redis-cli's `isSensitiveCommand`,
/// widened to loomctl's secrets: passwords, credentials in URLs, API keys, tokens).
public enum HistoryFilter {
    /// Flags whose value is a secret. `--password-file PATH` is fine: it names a file, not a secret.
    static let secretFlags = ["--password", "--pass", "--api-key", "--apikey", "--token", "--secret", "--auth", "--key"]
    /// Environment assignments typed on a line (`LOOMCTL_REDIS_PASSWORD=…`, `OPENAI_API_KEY=…`).
    static let secretVariableMarkers = ["PASSWORD", "API_KEY", "APIKEY", "TOKEN", "SECRET"]
    /// Prefixes of well-known key formats.
    static let keyPrefixes = ["sk-", "sk_", "rk_", "pk_live_", "ghp_", "gho_", "ghs_", "github_pat_", "xoxb-", "xoxp-", "AIza", "AKIA", "eyJ"]

    public static func isSensitive(_ line: String) -> Bool {
        let words = Tokenizer.split(line) ?? line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        for word in words {
            let lower = word.lowercased()
            // --password VALUE / --password=VALUE (but not --password-file)
            let flagName = lower.split(separator: "=", maxSplits: 1).first.map(String.init) ?? lower
            if secretFlags.contains(flagName) { return true }
            // redis://user:pass@host, rediss://:pass@host, https://user:token@…
            if let scheme = lower.range(of: "://") {
                let rest = lower[scheme.upperBound...]
                let authority = rest.prefix { $0 != "/" && $0 != "?" }
                if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return true }
                if lower.contains("password=") || lower.contains("pass=") { return true }
            }
            // NAME=value assignments of secrets (LOOMCTL_REDIS_PASSWORD=…, OPENAI_API_KEY=…)
            if let eq = word.firstIndex(of: "=") {
                let name = word[..<eq].uppercased()
                if !name.hasPrefix("-"), secretVariableMarkers.contains(where: { name.contains($0) }) { return true }
            }
            let value = word.split(separator: "=", maxSplits: 1).last.map(String.init) ?? word
            if looksLikeKey(value) { return true }
        }
        // AUTH as in redis-cli, should someone type it
        if let first = words.first?.lowercased(), first == "auth" { return true }
        return carriesCredentialByStructure(line)
    }

    /// True when the structural redactor would change the line: a `user:password@` userinfo with or
    /// without a well-formed scheme (`redis://:pw@h`, `redis//:pw@h`, `:pw@h`), or a `password=` /
    /// `token=`-style value. One definition of "looks like a credential" for redaction and history.
    public static func carriesCredentialByStructure(_ text: String) -> Bool {
        Redact.url(text) != text
    }

    /// Markers that make a free-text line (a chat message) private: it talks about a secret.
    static let secretTextMarkers = ["api_key", "api-key", "apikey", "password", "passwd", "secret", "token=", "token:", "bearer ",
        "authorization:"]

    /// For free text typed into `llm chat`: a configured key appears in it, it names a secret
    /// (`password`, `Bearer …`), or it carries one by structure (URL userinfo, `token=`, key-shaped
    /// words). Shell-command rules (`isSensitive`) apply too, so a pasted command line is caught.
    public static func isSensitiveText(_ line: String, secrets: [String] = []) -> Bool {
        for s in secrets where s.count >= 8 && line.contains(s) { return true }
        let lower = line.lowercased()
        if secretTextMarkers.contains(where: { lower.contains($0) }) { return true }
        if isSensitive(line) { return true }
        // Words split on prose punctuation too: `key="sk-…"`, `(AIza…)`.
        for word in line.split(whereSeparator: { " \t=:\"'(),;<>`".contains($0) }) {
            let w = String(word)
            if looksLikeKey(w) { return true }
            if (w.hasPrefix("xai-") || w.hasPrefix("gsk_") || w.hasPrefix("sk-")) && w.count >= 20 { return true }
            // Long letter-and-digit runs (hex or base64 secrets, even single-case).
            if w.count >= 32, w.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
                w.contains(where: \.isNumber), w.contains(where: \.isLetter)
            {
                return true
            }
        }
        return false
    }

    /// A token that looks like an API key or bearer token: a known key prefix followed by enough
    /// characters, or a long mixed-case alphanumeric run (UUIDs and ordinary ids do not qualify).
    public static func looksLikeKey(_ token: String) -> Bool {
        for p in keyPrefixes where token.hasPrefix(p) && token.count >= p.count + 12 {
            return true
        }
        guard token.count >= 32 else { return false }
        var upper = false, lower = false, digit = false
        for c in token.unicodeScalars {
            switch c {
            case "A"..."Z": upper = true
            case "a"..."z": lower = true
            case "0"..."9": digit = true
            case "_", "-", "+", "/", "=", ".": continue
            default: return false
            }
        }
        return upper && lower && digit
    }
}
