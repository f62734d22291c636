/// bash, zsh and fish completion scripts generated from the command model.
///
/// The scripts hold the static tree (subcommands, flags, which flags take values, fixed choices,
/// file arguments) and walk the command line themselves, so completing a command or a flag
/// starts no process. Only live names (actor ids and types, nodes, contexts, providers, models)
/// call back into `loomctl __complete`, which answers within its time budget; the call is also
/// wrapped in `timeout` when available, so a slow Redis never freezes the terminal.
enum CompletionScripts {
    static func files(_ root: CommandNode) -> [String: String] {
        ["loomctl.bash": bash(root), "_loomctl": zsh(root), "loomctl.fish": fish(root)]
    }

    static let header = "Generated from loomctl's command tree by `loomctl __generate completions` (make completions); do not edit."

    // MARK: Shared data

    struct Spec {
        var path: String
        var subs: [(String, String)]
        var opts: [(String, String)]
        var valueOpts: [String]
        /// (key, action): key is an option name, `#N` for the Nth positional or `#+` for the rest.
        var actions: [(String, String)]
    }

    static func specs(_ root: CommandNode) -> [Spec] {
        root.allNodes.filter { !$0.hidden }.map { node in
            let opts = node.options.filter { !$0.hidden }
            var actions: [(String, String)] = []
            for o in opts where o.takesValue {
                let a = action(o.completion)
                for n in o.names { actions.append((n, a)) }
            }
            let positionals = node.positionals
            for (i, p) in positionals.enumerated() {
                actions.append(("#\(i)", action(p.completion)))
                if i == positionals.count - 1, p.isRepeating { actions.append(("#+", action(p.completion))) }
            }
            return Spec(path: node.commandLine,
                subs: node.visibleSubcommands.map { ($0.name, oneLine($0.abstract)) },
                opts: opts.flatMap { o in o.names.map { ($0, oneLine(o.abstract)) } },
                valueOpts: opts.filter(\.takesValue).flatMap(\.names),
                actions: actions)
        }
    }

    static func action(_ c: ValueCompletion) -> String {
        switch c {
        case .none: return "none"
        case .choices(let v): return "words " + v.joined(separator: " ")
        case .files: return "files"
        case .directories: return "dirs"
        case .live: return "live"
        }
    }

    static func oneLine(_ s: String) -> String {
        var t = s.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    /// POSIX single quoting (bash, zsh).
    static func q(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    /// fish single quoting.
    static func fq(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    // MARK: bash

    static func bash(_ root: CommandNode) -> String {
        let all = specs(root)
        var s = """
            # bash completion for loomctl
            # \(header)

            # Sets subs, opts and vopts (options that take a value) for a command path.
            __loomctl_spec() {
                case "$1" in

            """
        for sp in all {
            s += "        \(q(sp.path))) subs=\(q(sp.subs.map(\.0).joined(separator: " "))); "
            s += "opts=\(q(sp.opts.map(\.0).joined(separator: " "))); vopts=\(q(sp.valueOpts.joined(separator: " "))) ;;\n"
        }
        s += """
                    *) subs=''; opts=''; vopts='' ;;
                esac
            }

            # How to complete the value of an option (or positional #N, #+) of a command path.
            __loomctl_action() {
                case "$1|$2" in

            """
        s += caseItems(all, quote: q, separator: "|", indent: "        ") { "echo \(q($0))" }
        s += """
                esac
            }

            # Live names from loomctl itself (bounded by its --budget-ms and by timeout(1)).
            __loomctl_call() {
                local bin="${COMP_WORDS[0]}"
                if command -v timeout >/dev/null 2>&1; then
                    timeout 2 "$bin" __complete -- "$@" 2>/dev/null
                else
                    "$bin" __complete -- "$@" 2>/dev/null
                fi
            }

            _loomctl() {
                local cur="${COMP_WORDS[COMP_CWORD]}" path='loomctl' subs opts vopts w i npos=0 pending='' action='' strip=''
                local -a norm=()
                COMPREPLY=()
                for ((i = 1; i < COMP_CWORD; i++)); do
                    w="${COMP_WORDS[i]}"
                    # bash splits --opt=value at '=': glue the pieces back together.
                    if [[ $w == '=' ]]; then norm[${#norm[@]}-1]+='='; pending=1; continue; fi
                    if [[ -n $pending ]]; then
                        if [[ ${COMP_WORDS[i-1]} == '=' ]]; then norm[${#norm[@]}-1]+="$w"; else norm+=("$w"); fi
                        pending=''; continue
                    fi
                    norm+=("$w")
                    __loomctl_spec "$path"
                    if [[ $w == -?* ]]; then
                        [[ $w != *=* && " $vopts " == *" $w "* ]] && pending="$w"
                    elif [[ $npos -eq 0 && " $subs " == *" $w "* ]]; then
                        path="$path $w"
                    else
                        ((npos++))
                    fi
                done
                __loomctl_spec "$path"
                local lcur="$cur"
                if [[ $cur == '=' ]]; then
                    action=$(__loomctl_action "$path" "${COMP_WORDS[COMP_CWORD-1]}"); cur=''
                    strip="${norm[${#norm[@]}-1]}="; lcur="$strip"; unset 'norm[${#norm[@]}-1]'
                elif [[ $COMP_CWORD -ge 2 && ${COMP_WORDS[COMP_CWORD-1]} == '=' ]]; then
                    action=$(__loomctl_action "$path" "${COMP_WORDS[COMP_CWORD-2]}")
                    strip="${norm[${#norm[@]}-1]}"; lcur="$strip$cur"; unset 'norm[${#norm[@]}-1]'
                elif [[ -n $pending ]]; then
                    action=$(__loomctl_action "$path" "$pending")
                elif [[ $cur == -* ]]; then
                    COMPREPLY=($(compgen -W "$opts" -- "$cur")); return
                elif [[ -n $subs && $npos -eq 0 ]]; then
                    COMPREPLY=($(compgen -W "$subs" -- "$cur")); return
                else
                    action=$(__loomctl_action "$path" "#$npos")
                    [[ -z $action ]] && action=$(__loomctl_action "$path" "#+")
                fi
                case "$action" in
                    words\\ *) COMPREPLY=($(compgen -W "${action#words }" -- "$cur")) ;;
                    files) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
                    dirs) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
                    live)
                        local c IFS=$'\\n'
                        for c in $(__loomctl_call "${norm[@]}" "$lcur"); do
                            [[ $c == :files ]] && continue
                            COMPREPLY+=("${c#"$strip"}")
                        done ;;
                esac
            }

            complete -F _loomctl loomctl

            """
        return s
    }

    /// `'path|key') <body> ;;` items, grouping keys with the same action.
    static func caseItems(_ all: [Spec], quote: (String) -> String, separator: String, indent: String,
        body: (String) -> String) -> String
    {
        var s = ""
        for sp in all {
            var groups: [(String, [String])] = []
            for (key, action) in sp.actions {
                if let i = groups.firstIndex(where: { $0.0 == action }) { groups[i].1.append(key) } else { groups.append((action, [key])) }
            }
            for (action, keys) in groups {
                s += indent + keys.map { quote("\(sp.path)|\($0)") }.joined(separator: separator) + ") " + body(action) + " ;;\n"
            }
        }
        return s
    }

    // MARK: zsh

    static func zsh(_ root: CommandNode) -> String {
        let all = specs(root)
        func zq(_ pair: (String, String)) -> String {
            q(pair.0.replacingOccurrences(of: ":", with: "\\:") + (pair.1.isEmpty ? "" : ":" + pair.1))
        }
        var s = """
            #compdef loomctl
            # zsh completion for loomctl
            # \(header)

            # Sets subs/opts (name:description), subnames and vopts (options that take a value) for a command path.
            __loomctl_spec() {
                case "$1" in

            """
        for sp in all {
            s += "        \(q(sp.path)))\n"
            s += "            subs=(\(sp.subs.map(zq).joined(separator: " ")))\n"
            s += "            subnames=(\(sp.subs.map { q($0.0) }.joined(separator: " ")))\n"
            s += "            opts=(\(sp.opts.map(zq).joined(separator: " ")))\n"
            s += "            vopts=(\(sp.valueOpts.map(q).joined(separator: " "))) ;;\n"
        }
        s += """
                    *) subs=(); subnames=(); opts=(); vopts=() ;;
                esac
            }

            __loomctl_action() {
                case "$1|$2" in

            """
        s += caseItems(all, quote: q, separator: "|", indent: "        ") { "echo \(q($0))" }
        s += """
                esac
            }

            __loomctl_call() {
                local bin="${words[1]}"
                if (( $+commands[timeout] )); then
                    timeout 2 "$bin" __complete -- "$@" 2>/dev/null
                else
                    "$bin" __complete -- "$@" 2>/dev/null
                fi
            }

            _loomctl() {
                local cur="${words[CURRENT]}" cmdpath='loomctl' w i npos=0 pending='' action='' strip=''
                local -a subs subnames opts vopts norm vals
                for ((i = 2; i < CURRENT; i++)); do
                    w="${words[i]}"
                    norm+=("$w")
                    if [[ -n $pending ]]; then pending=''; continue; fi
                    __loomctl_spec "$cmdpath"
                    if [[ $w == -?* ]]; then
                        [[ $w != *=* && ${vopts[(Ie)$w]} -gt 0 ]] && pending="$w"
                    elif (( npos == 0 && ${subnames[(Ie)$w]} > 0 )); then
                        cmdpath="$cmdpath $w"
                    else
                        (( npos++ ))
                    fi
                done
                __loomctl_spec "$cmdpath"
                if [[ -n $pending ]]; then
                    action=$(__loomctl_action "$cmdpath" "$pending")
                elif [[ $cur == --*=* ]]; then
                    action=$(__loomctl_action "$cmdpath" "${cur%%=*}")
                    strip="${cur%%=*}="
                    compset -P '*='
                elif [[ $cur == -* ]]; then
                    _describe -t options 'option' opts
                    return
                elif (( ${#subs} > 0 && npos == 0 )); then
                    _describe -t commands 'command' subs
                    return
                else
                    action=$(__loomctl_action "$cmdpath" "#$npos")
                    [[ -z $action ]] && action=$(__loomctl_action "$cmdpath" "#+")
                fi
                case "$action" in
                    words\\ *) vals=(${=action#words }); compadd -a vals ;;
                    files) _files ;;
                    dirs) _files -/ ;;
                    live)
                        vals=("${(@f)$(__loomctl_call "${norm[@]}" "$cur")}")
                        vals=("${(@)vals:#:files}")
                        vals=("${(@)vals#$strip}")
                        (( ${#vals} )) && compadd -a vals ;;
                esac
            }

            if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
                _loomctl "$@"
            else
                compdef _loomctl loomctl
            fi

            """
        return s
    }

    // MARK: fish

    static func fish(_ root: CommandNode) -> String {
        let all = specs(root)
        var s = """
            # fish completion for loomctl
            # \(header)

            function __loomctl_subs --argument-names cmdpath
                switch $cmdpath

            """
        for sp in all where !sp.subs.isEmpty {
            s += "        case \(fq(sp.path))\n"
            s += "            printf '%s\\t%s\\n' \(sp.subs.map { fq($0.0) + " " + fq($0.1) }.joined(separator: " "))\n"
        }
        s += """
                end
            end

            function __loomctl_opts --argument-names cmdpath
                switch $cmdpath

            """
        for sp in all where !sp.opts.isEmpty {
            s += "        case \(fq(sp.path))\n"
            s += "            printf '%s\\t%s\\n' \(sp.opts.map { fq($0.0) + " " + fq($0.1) }.joined(separator: " "))\n"
        }
        s += """
                end
            end

            function __loomctl_vopts --argument-names cmdpath
                switch $cmdpath

            """
        for sp in all where !sp.valueOpts.isEmpty {
            s += "        case \(fq(sp.path))\n"
            s += "            printf '%s\\n' \(sp.valueOpts.map(fq).joined(separator: " "))\n"
        }
        s += """
                end
            end

            function __loomctl_action --argument-names cmdpath key
                switch "$cmdpath|$key"

            """
        for sp in all {
            var groups: [(String, [String])] = []
            for (key, action) in sp.actions {
                if let i = groups.firstIndex(where: { $0.0 == action }) { groups[i].1.append(key) } else { groups.append((action, [key])) }
            }
            for (action, keys) in groups {
                s += "        case \(keys.map { fq("\(sp.path)|\($0)") }.joined(separator: " "))\n"
                s += "            echo \(fq(action))\n"
            }
        }
        s += """
                end
            end

            function __loomctl_call
                set -l bin (commandline -opc)[1]
                if command -q timeout
                    timeout 2 $bin __complete -- $argv 2>/dev/null
                else
                    $bin __complete -- $argv 2>/dev/null
                end
            end

            function __loomctl_complete
                set -l tokens (commandline -opc)
                set -l cur (commandline -ct)
                set -e tokens[1]
                set -l cmdpath loomctl
                set -l npos 0
                set -l pending ''
                for w in $tokens
                    if test -n "$pending"
                        set pending ''
                        continue
                    end
                    if string match -q -- '-?*' $w
                        if not string match -q -- '*=*' $w; and contains -- $w (__loomctl_vopts $cmdpath)
                            set pending $w
                        end
                    else if test $npos -eq 0; and contains -- $w (__loomctl_subs $cmdpath | string replace -r '\\t.*' '')
                        set cmdpath "$cmdpath $w"
                    else
                        set npos (math $npos + 1)
                    end
                end
                set -l action ''
                set -l prefix ''
                set -l value $cur
                if test -n "$pending"
                    set action (__loomctl_action $cmdpath $pending)
                else if string match -q -- '--*=*' $cur
                    set -l name (string replace -r '=.*' '' -- $cur)
                    set action (__loomctl_action $cmdpath $name)
                    set prefix "$name="
                    set value (string replace -r '^[^=]*=' '' -- $cur)
                else if string match -q -- '-*' $cur
                    __loomctl_opts $cmdpath
                    return
                else if test $npos -eq 0; and test -n "$(__loomctl_subs $cmdpath)"
                    __loomctl_subs $cmdpath
                    return
                else
                    set action (__loomctl_action $cmdpath "#$npos")
                    test -z "$action"; and set action (__loomctl_action $cmdpath '#+')
                end
                switch "$action"
                    case 'words *'
                        for v in (string split ' ' -- (string replace 'words ' '' -- $action))
                            echo "$prefix$v"
                        end
                    case files
                        __fish_complete_path $value | string replace -r '^' -- "$prefix"
                    case dirs
                        __fish_complete_directories $value | string replace -r '^' -- "$prefix"
                    case live
                        __loomctl_call $tokens $cur | string match -v -- ':files'
                end
            end

            complete -c loomctl -f -a '(__loomctl_complete)'

            """
        return s
    }
}
