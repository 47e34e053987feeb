/// A row of a command's option table that is also the key to its value, so that a misspelt option does not
/// compile: `try parsed.value(of: RunOptions.threads)` is an `Int?` checked against the row's range, and the
/// help, the man page and shell completion show the same row.
package struct Option<Value: Sendable>: Sendable {
    /// The row as tables, help, man pages and completion see it.
    package private(set) var spec: OptionSpec

    /// The row in a table.
    package var row: HelpSection.Row { .option(spec) }

    package var name: String { spec.name }

    /// The same row with another default, for a subcommand whose default differs (`--years`: the file's in
    /// `run`, 20000 in `recommend`); the name, range and help stay the row's.
    package func defaulting(_ newDefault: OptionDefault?) -> Option {
        var copy = self
        copy.spec.defaultValue = newDefault
        return copy
    }
}

extension Option where Value == Bool {
    /// A flag: given or not.
    package init(flag name: String, alias: String? = nil, help: String) {
        spec = OptionSpec(name, alias: alias, help: help)
    }
}

extension Option {
    /// An option with a value of `kind`; `default` is what the getter gives when the option is absent (or, as
    /// ``OptionDefault/note(_:)``, what the command does then).
    package init(
        _ name: String, _ placeholder: String, alias: String? = nil, _ kind: OptionValue<Value>,
        default defaultValue: OptionDefault? = nil, help: String
    ) {
        spec = OptionSpec(name, placeholder, alias: alias, help: help)
        spec.value = kind.erased
        spec.defaultValue = defaultValue
    }
}

extension Option where Value == String {
    /// Free text: a file name, an address or a list the command reads itself.
    package init(_ name: String, _ placeholder: String, alias: String? = nil, help: String) {
        self.init(name, placeholder, alias: alias, .text, help: help)
    }
}

/// What an option stands for when it is absent.
package enum OptionDefault: Sendable, Equatable, ExpressibleByStringLiteral {
    /// A value in the option's own grammar (`16`, `4380h`): the getter reads it as it reads a typed one.
    case value(String)
    /// What the command does without the option, in words (`one per active processor`); the getter gives nil.
    case note(String)

    package init(stringLiteral text: String) { self = .value(text) }

    /// As help shows it after `default `.
    package var text: String {
        switch self {
        case .value(let text), .note(let text): return text
        }
    }
}
