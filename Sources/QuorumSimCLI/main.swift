import CommandLineSupport
import QuorumSimCommands

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

ProcessSettings.prepare()
let outcome = QuorumSimTool.run(Array(CommandLine.arguments.dropFirst()), context: .standard)
StandardStreams.write(outcome)
exit(outcome.status)
