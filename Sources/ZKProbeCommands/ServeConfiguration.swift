import CommandLineSupport
import ToolkitSupport
import ZKProbe
import ZKProbeExporter

/// The configuration file of `zkprobe serve`: one ensemble per line, `NAME = ARGUMENTS`, where ARGUMENTS are
/// those of `zkprobe check` (members, `--connect`, `--config`, `--require`, thresholds, `--admin-port`, ...),
/// split with shell quoting and parsed by `zkprobe check`'s own option table. `#` starts a comment.
enum ServeConfiguration {
    /// Options that choose `zkprobe check`'s output, which the exporter decides: refused on a line.
    static let outputOptions = [
        CheckCommand.formatOption.spec, CheckCommand.outputOption.spec, CheckCommand.noColorOption.spec,
        CheckCommand.noColourOption.spec, CommandSpec.verboseOption,
    ]
    /// The largest configuration file read.
    static let maxFileBytes = 4 << 20
    /// Each reply of a member may hold at most this many bytes (a leader's `mntr` is a few KiB).
    static let maxReplyBytes = 256 << 10

    /// Reads and parses `path`; `readFile` (``ServeCommand/reader(for:)``) holds it to ``maxFileBytes``. The
    /// members' `conf` may name members the file does not; only those in `allowedLearned`
    /// (`--allow-learned-members`) are asked.
    static func load(
        _ path: String, readFile: TextFile.Reader, allowedLearned: Set<Endpoint> = []
    ) -> Result<ExporterConfiguration, ExporterConfigurationError> {
        let text: String
        do {
            text = try readFile(path)
        } catch {
            return .failure(ExporterConfigurationError(error.description))
        }
        do {
            return .success(try parse(text, path: path, readFile: readFile, allowedLearned: allowedLearned))
        } catch {
            return .failure(error)
        }
    }

    /// The ensembles of `text` (the contents of `path`); relative paths on a line (`--config zoo.cfg`,
    /// `--auth-file probe.auth`) are read from the folder of `path`. Each check asks the members its line names
    /// (and its zoo.cfg's), and of those the members' `conf` adds, only the ones in `allowedLearned`.
    static func parse(
        _ text: String, path: String, readFile: TextFile.Reader, allowedLearned: Set<Endpoint> = []
    ) throws(ExporterConfigurationError) -> ExporterConfiguration {
        var targets: [ProbeTarget] = []
        var lineOfName: [String: Int] = [:]
        for (index, line) in text.fileLines.enumerated() {
            let number = index + 1
            func fail(_ message: String) -> ExporterConfigurationError {
                ExporterConfigurationError("\(path):\(number): \(oneLine(message))")
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw fail("expected NAME = ARGUMENTS (the arguments of zkprobe check)")
            }
            let name = String(trimmed[..<equals].reversed().drop { $0 == " " || $0 == "\t" }.reversed())
            guard isValidName(name) else {
                throw fail(
                    "bad ensemble name \"\(name)\": 1 to 100 of A-Z a-z 0-9 _ . - (it goes in URLs and labels)")
            }
            if let first = lineOfName[name] { throw fail("ensemble \"\(name)\" is already defined on line \(first)") }
            lineOfName[name] = number
            let words: [String]
            do {
                words = try ShellWords.split(trimmed[trimmed.index(after: equals)...])
            } catch {
                throw fail(error.message)
            }
            do {
                var target = try target(name, words, relativeTo: path, readFile: readFile)
                target.request.learnedMembers = .askOnly(allowedLearned)
                targets.append(target)
            } catch {
                throw fail(error.description)
            }
        }
        guard !targets.isEmpty else {
            throw ExporterConfigurationError(
                "\(path): no ensembles; add lines such as: main = zk1:2181 zk2:2181 zk3:2181")
        }
        return ExporterConfiguration(targets: targets, source: path)
    }

    /// `file` as named on a line of the configuration at `path`: an absolute path as it is, a relative one taken
    /// from the configuration's folder (`conf/serve.conf` and `zoo.cfg` give `conf/zoo.cfg`).
    static func resolve(_ file: String, besides path: String) -> String {
        guard !file.hasPrefix("/"), let slash = path.lastIndex(of: "/") else { return file }
        return path[...slash] + file
    }

    /// Letters, digits, `_`, `.` and `-`, 1 to 100 of them.
    static func isValidName(_ name: String) -> Bool {
        (1...100).contains(name.utf8.count)
            && name.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
                    || b == 0x2E || b == 0x2D
            }
    }

    /// One ensemble: `words` parsed by `zkprobe check`'s table and its members gathered now (a zoo.cfg and an
    /// auth file are read at load time, so a reload picks up their changes and a broken one is reported with
    /// this line).
    static func target(
        _ name: String, _ words: [String], relativeTo path: String, readFile: TextFile.Reader
    ) throws(ExporterConfigurationError) -> ProbeTarget {
        let parsed: ParsedArguments
        do {
            parsed = try CheckCommand.spec.parse(words)
        } catch {
            throw ExporterConfigurationError(error.message)
        }
        if parsed.helpRequested || parsed.versionRequested || parsed.verbosity > 0 {
            throw ExporterConfigurationError("--help, --version and -v do not belong in the configuration")
        }
        if parsed.has(CheckCommand.ensembleOption) {
            throw ExporterConfigurationError(
                "--ensemble does not belong here: the NAME before = is the ensemble's name")
        }
        if let option = outputOptions.first(where: parsed.has) {
            throw ExporterConfigurationError(
                "\(option.name) is an output option of zkprobe check; zkprobe serve always answers in the Prometheus format")
        }
        var options: CheckCommand.Options
        do {
            options = try CheckCommand.options(parsed)
        } catch {
            throw ExporterConfigurationError(error.message)
        }
        if let config = options.sources.config {
            options.sources.config = resolve(config, besides: path)
        }
        options.authFile = options.authFile.map { resolve($0, besides: path) }
        let probe = ProbeOptions(deadline: options.timeout, maxReplyBytes: maxReplyBytes)
        do {
            let request = try CheckCommand.request(options, readFile: readFile, probe: probe)
            return ProbeTarget(name: name, includeMonitorValues: options.allMntr, request: request)
        } catch {
            throw ExporterConfigurationError(error.description)
        }
    }
}
