import ArgumentParser

/// bash, zsh and fish completion scripts: ArgumentParser's own generator
/// (`loomctl --generate-completion-script SHELL`), which walks the command tree and calls back
/// into `loomctl ---completion …` for the live names declared in `CompletionKinds.swift`.
///
/// Two things ArgumentParser's bash script does not do, added around it in a few lines of shell:
/// global options written before the subcommand (`loomctl --redis URL actors get …`, which
/// `Entry` moves to the leaf) are moved the same way before completing; and bash's split of
/// `--opt=value` at `=` (COMP_WORDBREAKS) is undone. (zsh and fish parse `--opt=value`
/// themselves; leading global options are not yet moved there.)
enum CompletionScripts {
    static func files() -> [String: String] {
        ["loomctl.bash": script(.bash), "_loomctl": script(.zsh), "loomctl.fish": script(.fish)]
    }

    static func script(_ shell: CompletionShell) -> String {
        let generated = Loomctl.completionScript(for: shell)
        guard shell == .bash else { return generated }
        return generated.replacingOccurrences(of: "complete -o filenames -F _loomctl loomctl", with: bashPrelude)
    }

    /// Global options that take a value, as a shell word list.
    static var valueOptions: String { GlobalOptions.valueOptions.sorted().joined(separator: " ") }
    static var flagOptions: String { GlobalOptions.flagOptions.sorted().joined(separator: " ") }

    static var bashPrelude: String {
        """
        # loomctl: join `--opt = value` (bash splits at '='), move leading global options after the
        # subcommand words, then hand over to ArgumentParser's _loomctl.
        __loomctl_normalize() {
            local -a words=() lead=()
            local -i i cword=0
            local w
            for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
                w="${COMP_WORDS[i]}"
                if [[ $w == '=' ]]; then
                    if ((i == COMP_CWORD)); then words+=(''); cword=$((${#words[@]} - 1)); fi
                    continue
                fi
                words+=("$w")
                ((i == COMP_CWORD)) && cword=$((${#words[@]} - 1))
            done
            i=1
            while ((i < cword)); do
                case " \(valueOptions) " in
                *" ${words[i]} "*) ((i + 1 < cword)) && lead+=("${words[i]}" "${words[i+1]}") && ((i += 2)) && continue ;;
                esac
                case " \(flagOptions) " in
                *" ${words[i]} "*) lead+=("${words[i]}"); ((i++)); continue ;;
                esac
                break
            done
            if ((${#lead[@]})); then
                words=("${words[0]}" "${words[@]:i:cword-i}" "${lead[@]}" "${words[@]:cword}")
            fi
            COMP_WORDS=("${words[@]}")
            COMP_CWORD=$cword
            COMP_LINE="${words[*]::cword+1}"
            COMP_POINT=${#COMP_LINE}
        }

        _loomctl_main() {
            local -a COMP_WORDS=("${COMP_WORDS[@]}")
            local COMP_CWORD=$COMP_CWORD COMP_LINE=$COMP_LINE COMP_POINT=$COMP_POINT
            __loomctl_normalize
            _loomctl "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        }

        complete -o filenames -F _loomctl_main loomctl
        """
    }
}
