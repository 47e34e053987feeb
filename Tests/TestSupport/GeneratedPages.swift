import CommandLineSupport

/// What the generated man page and completion scripts of one subcommand leave out, for both tools' tests.
package enum GeneratedPages {
    /// Every spelling of every option of `subcommand` (and each choice it offers) missing from its man page or
    /// from either completion script, described for a failure message; empty when nothing is missing.
    package static func missing(in tool: Tool, subcommand name: String) -> [String] {
        guard let spec = tool.subcommands.first(where: { $0.name == name })?.spec else { return ["no table for \(name)"] }
        guard let page = ManPage.page(of: tool, subcommand: name) else { return ["no man page for \(name)"] }
        let bash = Completion.bash(tool)
        let zsh = Completion.zsh(tool)
        var missing: [String] = []
        for option in spec.options {
            for spelling in [option.name] + (option.alias.map { [$0] } ?? []) {
                if !page.contains("\\fB" + ManPage.escape(spelling) + "\\fR") { missing.append("\(name) page: \(spelling)") }
                if !bash.contains(spelling) { missing.append("bash: \(spelling)") }
                if !zsh.contains(spelling) { missing.append("zsh: \(spelling)") }
            }
            for choice in option.choices where !(bash.contains(choice) && zsh.contains(choice)) {
                missing.append("\(option.name) \(choice)")
            }
        }
        return missing
    }
}
