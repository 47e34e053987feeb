/// `zkprobe send WORD HOST[:PORT]`: sends one four-letter word and prints the raw reply, like
/// `echo WORD | nc HOST PORT`, but with a deadline, a size cap and one clear line when there is no usable answer.
public enum SendCommand {
    /// The subcommand's name on the command line.
    public static let name = "send"
    /// One line for `zkprobe --help`.
    public static let summary = "Send one four-letter word to one server and print the raw reply"
    private static let command = "zkprobe send"
    /// The largest `--timeout`, in seconds: one day.
    static let maxTimeoutSeconds = 86_400.0
    /// The largest `--max-bytes`: 1 GiB.
    static let maxReplyBytesLimit = 1 << 30

    public static let help = """
        USAGE: zkprobe send [--timeout SECONDS] [--max-bytes N] WORD HOST[:PORT]

        Sends one four-letter word to one ZooKeeper server and prints the reply
        exactly as received, like `echo WORD | nc HOST PORT`, with no newline added.

        ARGUMENTS:
          WORD                 ruok srvr stat mntr conf isro envi cons wchs dirs
                               (any 4 lower-case letters a-z are sent)
          HOST[:PORT]          zk1, zk1:2181, 10.0.0.5:2181, [::1]:2181 or ::1
                               (the port defaults to 2181)

        OPTIONS:
          --timeout SECONDS    One deadline for resolving, connecting, sending and
                               reading; fractions allowed (default: 5)
          --max-bytes N        Give up on a reply longer than N bytes (default: 4194304)
          -h, --help           Show this help

        EXIT STATUS:
          0  the server answered; the reply is on standard output
          2  no usable answer, explained in one line on standard error: connection
             refused, unreachable, name not resolved, timed out, reset, reply too
             large, not serving, word not in 4lw.commands.whitelist, or empty reply
          3  usage error

        """

    /// Runs `zkprobe send` with `arguments` (those after `send`).
    public static func run(_ arguments: [String]) -> CommandOutcome {
        let request: Request
        switch parse(arguments) {
        case .success(let parsed): request = parsed
        case .failure(.help): return .printing(help)
        case .failure(.usage(let message)): return .usageError(message, command: command)
        }
        let client = FourLetterClient(options: request.options)
        switch client.ask(request.word, request.endpoint) {
        case .success(let exchange):
            if let refusal = Refusal.detect(in: exchange.text) {
                return failure(refusal.message(server: exchange.endpoint.description, word: exchange.word))
            }
            return CommandOutcome(status: ExitStatus.ok, standardOutput: exchange.reply)
        case .failure(.tooLarge(let endpoint, let word, let limit)):
            return failure(
                "\(endpoint): \(word) reply is larger than \(ProbeError.format(bytes: limit)); stopped reading "
                    + "(raise --max-bytes if this server really sends that much)")
        case .failure(let error):
            return failure(error.description)
        }
    }

    private static func failure(_ message: String) -> CommandOutcome {
        CommandOutcome(status: ExitStatus.critical, standardError: "\(command): \(message)\n")
    }

    // MARK: Arguments

    struct Request: Equatable {
        var word: String
        var endpoint: Endpoint
        var options = ProbeOptions()
    }

    enum ParseStop: Error, Equatable {
        case help
        case usage(String)
    }

    /// Reads flags (anywhere before `--`, as `--flag VALUE` or `--flag=VALUE`) and the two arguments.
    static func parse(_ arguments: [String]) -> Result<Request, ParseStop> {
        let flagZone = arguments.prefix { $0 != "--" }
        if flagZone.contains(where: { $0 == "-h" || $0 == "--help" }) { return .failure(.help) }
        var options = ProbeOptions()
        var positionals: [String] = []
        var flagsEnded = false
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if flagsEnded || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                flagsEnded = true
                continue
            }
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let flag = String(parts[0])
            let inline = parts.count == 2 ? String(parts[1]) : nil
            switch flag {
            case "--timeout":
                guard let text = inline ?? iterator.next() else {
                    return .failure(.usage("--timeout needs a number of seconds, such as --timeout 2.5"))
                }
                guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= maxTimeoutSeconds else {
                    return .failure(
                        .usage("--timeout \"\(text)\" is not a number of seconds above 0 and at most 86400"))
                }
                options.deadline = .nanoseconds(Int64((seconds * 1e9).rounded()))
            case "--max-bytes":
                guard let text = inline ?? iterator.next() else {
                    return .failure(.usage("--max-bytes needs a number of bytes, such as --max-bytes 1048576"))
                }
                guard let bytes = Int(text), bytes >= 1, bytes <= maxReplyBytesLimit else {
                    return .failure(
                        .usage("--max-bytes \"\(text)\" is not a whole number from 1 to \(maxReplyBytesLimit)"))
                }
                options.maxReplyBytes = bytes
            default:
                return .failure(.usage("unknown option \(flag)"))
            }
        }
        switch positionals.count {
        case 0: return .failure(.usage("missing WORD and HOST[:PORT], such as: zkprobe send ruok zk1:2181"))
        case 1: return .failure(.usage("missing HOST[:PORT] after \(positionals[0])"))
        case 2: break
        default: return .failure(.usage("unexpected argument \"\(positionals[2])\"; give one WORD and one HOST[:PORT]"))
        }
        let word = positionals[0]
        guard FourLetterClient.isFourLetterWord(word) else {
            return .failure(
                .usage(
                    "\"\(word)\" is not a four-letter word; use exactly 4 lower-case letters a-z, such as ruok or mntr")
            )
        }
        do {
            let endpoint = try Endpoint(parsing: positionals[1])
            return .success(Request(word: word, endpoint: endpoint, options: options))
        } catch {
            return .failure(.usage(error.description))
        }
    }
}
