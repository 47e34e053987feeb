import CommandLineSupport
import QuorumSimCommands

import Glibc

ProcessSettings.prepare()
let arguments = Array(CommandLine.arguments.dropFirst())
if let limit = QuorumSimTool.wallClockLimit(arguments) {
    let name = "quorumsim " + (arguments.first ?? "")
    ProcessSettings.armWatchdog(
        seconds: limit.seconds, line: "\(name): stopped after --timeout \(limit.as) s of wall-clock time", status: 1)
}
let outcome = QuorumSimTool.run(arguments, context: .standard)
StandardStreams.write(outcome)
exit(outcome.status)
