/// The failure figures `quorumsim scenario` writes when the operator gives none, as duration strings of the
/// scenario format. docs/scenario-format.md ("Defaults of `quorumsim scenario`") gives the source of each; they
/// are starting points, to be replaced by the operator's own incident data.
enum DeploymentDefaults {
    /// Mean time to an unplanned loss of a server (host or ZooKeeper process): two a year.
    static let serverMTTF = "4380h"
    /// Mean time to bring a lost server back (replace or repair the host, resync).
    static let serverMTTR = "24h"
    /// Mean time between outages of one availability zone: one every two years.
    static let zoneMTTF = "17532h"
    /// Mean length of a zone outage.
    static let zoneMTTR = "4h"
    /// ZooKeeper's sample zoo.cfg: tickTime 2000 ms, syncLimit 5 (detection 10 s).
    static let tickTimeMilliseconds = 2000
    static let syncLimit = 5
    /// The election once started (`finalizeWait`, the ZooKeeper paper's "under 200 ms").
    static let election = "200ms"
    /// Simulation settings of the written file.
    static let years = 10_000.0
    static let replications = 16
}
