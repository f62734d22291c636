import ArgumentParser

/// Completion kinds for values only the cluster or the config file knows, one static member each,
/// so a declaration says `completion: .actorIds` and ArgumentParser's generated bash/zsh/fish
/// scripts call back into `loomctl ---completion …` for them.
///
/// The callback answers from `LiveNames` (the id cache, a bounded SSCAN, the config file), within
/// the same time budget as the shell's TAB: ArgumentParser cannot bound or cache a lookup itself.
extension CompletionKind {
    static var actorTypes: CompletionKind { live(.actorTypes) }
    static var actorIds: CompletionKind { live(.actorIds) }
    static var nodes: CompletionKind { live(.nodes) }
    static var contexts: CompletionKind { live(.contexts) }
    static var providers: CompletionKind { live(.providers) }
    static var models: CompletionKind { live(.models) }

    static func live(_ kind: LiveNameKind) -> CompletionKind {
        .custom { words, index, prefix in LiveCompletion.candidates(kind, words: words, index: index, prefix: prefix) }
    }
}

/// What a live-name callback does with the shell's words.
enum LiveCompletion {
    /// The lookup behind the callbacks. The interactive shell swaps in its own session's names
    /// (`$lookup.withValue`) when it asks ArgumentParser in-process.
    @TaskLocal static var lookup: (@Sendable (LiveNameKind, _ prefix: String, _ lineOptions: [String: String]) -> [String])?

    /// Candidates for the word at `index` of `words` (`words[0]` is the program). The words before it
    /// carry `--redis`, `--context`… so names come from the cluster the command line will use.
    static func candidates(_ kind: LiveNameKind, words: [String], index: Int, prefix word: String) -> [String] {
        // fish hands over the whole `--type=pay` token; it matches the values against `pay` itself.
        let prefix = word.hasPrefix("-") ? String(word.split(separator: "=", maxSplits: 1).dropFirst().first ?? "") : word
        let before = Array(words.prefix(max(0, min(index, words.count))).dropFirst())
        let lineOptions = Completer(root: CommandModel.branch(for: before), live: { _, _, _ in [] }).position(of: before).lineOptions
        if let lookup { return lookup(kind, prefix, lineOptions).filter { $0.hasPrefix(prefix) } }
        let invocation = Invocation.current
        // The process exits right after answering: a stale id cache is rebuilt by a detached process.
        let refresh: LiveNames.CacheRefresh = DetachedProcess.loomctlExecutable().map { .spawn(executable: $0) } ?? .none
        let live = LiveNames(session: invocation.session ?? SessionState(), environment: invocation.environment, cacheRefresh: refresh)
        return live.lookup(kind, prefix: prefix, lineOptions: lineOptions).filter { $0.hasPrefix(prefix) }
    }
}
