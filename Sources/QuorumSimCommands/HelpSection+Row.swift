import CommandLineSupport

extension HelpSection {
    /// An option row of a quorumsim command's table: name, placeholder, help and the choices it accepts.
    static func row(_ name: String, _ placeholder: String? = nil, _ help: String, choices: [String] = []) -> Row {
        .option(OptionSpec(name, placeholder, choices: choices, help: help))
    }
}
