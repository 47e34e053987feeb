import QuorumSim
import ToolkitSupport

/// The failure figures and run settings of a generated scenario, as duration strings of the scenario format
/// (the operator's own text when a flag gave it, so that `200ms` stays `200ms`).
struct DeploymentSettings {
    var name = "deployment"
    var serverMTTF = DeploymentDefaults.serverMTTF
    var serverMTTR = DeploymentDefaults.serverMTTR
    /// `nil` with `--no-zone-outages`.
    var zoneMTTF: String? = DeploymentDefaults.zoneMTTF
    var zoneMTTR: String? = DeploymentDefaults.zoneMTTR
    var detection = Detection.ticks(
        tickTimeMilliseconds: DeploymentDefaults.tickTimeMilliseconds, syncLimit: DeploymentDefaults.syncLimit)
    var election = DeploymentDefaults.election
    var maintenance: MaintenanceSettings?
    var years = DeploymentDefaults.years
    var replications = DeploymentDefaults.replications
    var seed: UInt64 = 1
    /// Whether some failure figure came from a flag (the description then says "partly defaults").
    var overridden = false

    /// How long a lost leader goes unnoticed: `syncLimit × tickTime` (from zoo.cfg or ZooKeeper's sample), or a
    /// duration from `--detection`.
    enum Detection {
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
    struct MaintenanceSettings {
        var period: String
        var duration: String
        var procedure: MaintenanceProcedure

        var json: JSONValue {
            .object([
                ("period", .string(period)), ("duration", .string(duration)),
                ("procedure", .string(procedure.rawValue)),
            ])
        }
    }
}
