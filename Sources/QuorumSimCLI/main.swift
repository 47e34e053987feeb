import Foundation
import QuorumSim

exit(QuorumSimCommand.main(Array(CommandLine.arguments.dropFirst())).rawValue)
