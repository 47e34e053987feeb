import CommandLineSupport
import ZKProbeCommands

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

ProcessSettings.prepare()
let outcome = ZKProbeTool.run(Array(CommandLine.arguments.dropFirst()))
StandardStreams.write(outcome)
exit(outcome.status)
