import QuorumSim
import ToolkitSupport

/// The failure figures and run settings of a generated scenario (by default those of `ModelDefaults`), as duration strings of the scenario format
/// (the operator's own text when a flag gave it, so that `200ms` stays `200ms`).
package struct DeploymentSettings {
    package var name = "deployment"
    package var serverMTTF = ModelDefaults.serverMTTF.text
    package var serverMTTR = ModelDefaults.serverMTTR.text
    /// `nil` with `--no-zone-outages`.
    package var zoneMTTF: String? = ModelDefaults.zoneMTTF.text
    package var zoneMTTR: String? = ModelDefaults.zoneMTTR.text
    package var detection = Detection.ticks(
        tickTimeMilliseconds: ModelDefaults.tickTimeMilliseconds, syncLimit: ModelDefaults.syncLimit)
    package var election = ModelDefaults.election.text
    /// Elections measured by `zkprobe watch` (`--elections-from`): written instead of `detection` and `election`.
    package var measuredElections: MeasuredElections?
    package var maintenance: MaintenanceSettings?
    package var years = ModelDefaults.scenarioRun.years
    package var replications = ModelDefaults.scenarioRun.replications
    package var seed = ModelDefaults.scenarioRun.seed
    /// Whether some failure figure came from a flag or from measurements (the description then says "partly defaults").
    package var overridden = false

    /// The defaults of `ModelDefaults`, named `deployment`.
    package init() {}

    /// How long a lost leader goes unnoticed: `syncLimit × tickTime` (from zoo.cfg or ZooKeeper's sample), or a
    /// duration from `--detection`.
    package enum Detection {
        case ticks(tickTimeMilliseconds: Int, syncLimit: Int)
        case duration(String)

        var json: JSONValue {
            switch self {
            case .ticks(let tick, let sync):
                return .object([("tickTime", .string("\(tick)ms")), ("syncLimit", .int(Int64(sync)))])
            case .duration(let text):
                return .string(text)
            }
        }
    }

    /// `--maintenance-period`, `--maintenance-duration`, `--procedure`.
    package struct MaintenanceSettings {
        package var period: String
        package var duration: String
        package var procedure: MaintenanceProcedure

        /// Rolling maintenance every `period`, each server down for `duration`, by `procedure`.
        package init(period: String, duration: String, procedure: MaintenanceProcedure) {
            self.period = period
            self.duration = duration
            self.procedure = procedure
        }

        var json: JSONValue {
            .object([
                ("period", .string(period)), ("duration", .string(duration)),
                ("procedure", .string(procedure.rawValue)),
            ])
        }
    }
}
