import CommandLineSupport
import ZKProbeCommands

import Glibc

ProcessSettings.prepare()
let outcome = ZKProbeTool.run(Array(CommandLine.arguments.dropFirst()))
StandardStreams.write(outcome)
exit(outcome.status)
