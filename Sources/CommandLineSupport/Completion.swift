/// Shell completion scripts generated from a tool's option tables, the same `CommandSpec`s that parse the
/// command line and print `--help`: subcommands, each subcommand's options, the values of an option whose
/// table lists its `choices`, and file names for an option whose placeholder names a file (`FILE`, `ZOO_CFG`)
/// and for operands.
package enum Completion {
    /// A bash script for `/usr/share/bash-completion/completions/TOOL`: one function, bound with `complete -F`.
    package static func bash(_ tool: Tool) -> String {
        let function = "_" + identifier(tool.name)
        let top = tool.subcommands.map(\.name) + tool.spec.options.flatMap(names)
        var out = """
            # bash completion for \(tool.name), generated from its option tables by `\(tool.name) \(Tool.generateCommand) bash`.
            \(function)() {
                local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} sub="" i
                for ((i = 1; i < COMP_CWORD; i++)); do
                    case ${COMP_WORDS[i]} in
                        -*) ;;
                        *) sub=${COMP_WORDS[i]}; break ;;
                    esac
                done
                if [[ -z $sub ]]; then
                    mapfile -t COMPREPLY < <(compgen -W \(shellWords(top)) -- "$cur")
                    return 0
                fi
                case $sub in

            """
        for subcommand in tool.subcommands {
            guard let spec = subcommand.spec else { continue }
            out += "        \(subcommand.name))\n"
            out += "            case $prev in\n"
            for option in spec.options where option.takesValue {
                let pattern = names(option).joined(separator: " | ")
                if !option.choices.isEmpty {
                    out += "                \(pattern)) mapfile -t COMPREPLY < <(compgen -W \(shellWords(option.choices)) -- \"$cur\"); return 0 ;;\n"
                } else if takesFile(option) {
                    out += "                \(pattern)) mapfile -t COMPREPLY < <(compgen -f -- \"$cur\"); return 0 ;;\n"
                } else {
                    out += "                \(pattern)) return 0 ;;\n"
                }
            }
            out += "            esac\n"
            out += "            if [[ $cur == -* ]]; then\n"
            out += "                mapfile -t COMPREPLY < <(compgen -W \(shellWords(spec.options.flatMap(names))) -- \"$cur\")\n"
            out += "            fi\n"
            out += "            ;;\n"
        }
        out += """
                esac
                return 0
            }
            complete -o default -F \(function) \(tool.name)

            """
        return out
    }

    /// A zsh script for `/usr/share/zsh/vendor-completions/_TOOL`: `#compdef TOOL`, `_arguments` per subcommand.
    package static func zsh(_ tool: Tool) -> String {
        let function = "_" + identifier(tool.name)
        var out = """
            #compdef \(tool.name)
            # zsh completion for \(tool.name), generated from its option tables by `\(tool.name) \(Tool.generateCommand) zsh`.
            \(function)() {
                local curcontext=$curcontext state line
                typeset -A opt_args
                _arguments -C \\

            """
        for option in tool.spec.options {
            out += "        " + zshOption(option, exclusive: true) + " \\\n"
        }
        out += """
                    '1: :->subcommand' \\
                    '*:: :->argument'
                case $state in
                    subcommand)
                        local -a subcommands
                        subcommands=(

            """
        for subcommand in tool.subcommands {
            out += "                " + single(zshEscape(subcommand.name, ":") + ":" + subcommand.summary) + "\n"
        }
        out += """
                        )
                        _describe -t subcommands '\(tool.name) subcommand' subcommands
                        ;;
                    argument)
                        case $words[1] in

            """
        for subcommand in tool.subcommands {
            guard let spec = subcommand.spec else { continue }
            out += "                    \(subcommand.name))\n"
            out += "                        _arguments \\\n"
            for option in spec.options {
                out += "                            " + zshOption(option, exclusive: false) + " \\\n"
            }
            out += "                            '*:argument:_files'\n"
            out += "                        ;;\n"
        }
        out += """
                        esac
                        ;;
                esac
            }
            \(function) "$@"

            """
        return out
    }

    // MARK: helpers

    static func names(_ option: OptionSpec) -> [String] { [option.name] + (option.alias.map { [$0] } ?? []) }

    static func takesFile(_ option: OptionSpec) -> Bool {
        guard let placeholder = option.placeholder else { return false }
        return placeholder.contains("FILE") || placeholder == "ZOO_CFG"
    }

    /// `zkprobe` → `zkprobe`; anything but letters, digits and `_` becomes `_`.
    static func identifier(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    /// Words for `compgen -W`, single-quoted for the shell.
    static func shellWords(_ words: [String]) -> String { single(words.joined(separator: " ")) }

    /// `text` single-quoted for bash and zsh.
    static func single(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    static func zshEscape(_ text: String, _ specials: String) -> String {
        var out = ""
        for c in text {
            if c == "\\" || specials.contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// One `_arguments` spec: `(-o --output)'{-o,--output}'[help]:FILE:_files`, single-quoted.
    static func zshOption(_ option: OptionSpec, exclusive: Bool) -> String {
        var shown = option
        if shown.help.isEmpty { shown.help = "the same, at critical level" }
        let firstLine = shown.shownHelp().split(separator: "\n").first.map(String.init) ?? ""
        let help = "[" + zshEscape(firstLine, "[]:") + "]"
        var action = ""
        if let placeholder = option.placeholder {
            let message = zshEscape(placeholder, ":")
            if !option.choices.isEmpty {
                action = ":\(message):(" + option.choices.map { zshEscape($0, ":() ") }.joined(separator: " ") + ")"
            } else if takesFile(option) {
                action = ":\(message):_files"
            } else {
                action = ":\(message): "
            }
        }
        let equals = option.takesValue ? "=" : ""
        let all = names(option)
        let exclusion = exclusive ? "(- *)" : (all.count > 1 ? "(" + all.joined(separator: " ") + ")" : "")
        if all.count > 1 {
            let body = help + action
            // `--name=`: the value in the same word after `=` or in the next; `-o`: in the next word.
            let spellings = all.map { $0.hasPrefix("--") ? $0 + equals : $0 }
            return single(exclusion) + "{" + spellings.joined(separator: ",") + "}" + single(body)
        }
        return single(exclusion + option.name + equals + help + action)
    }
}
