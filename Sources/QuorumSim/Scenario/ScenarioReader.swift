/// The field-by-field reading of one document.
struct ScenarioReader {
    let file: String

    /// The order of the reads below is the order of the checks: for a file with several problems it decides
    /// which one is reported, so keep it (it follows the order of the fields in docs/scenario-format.md).
    func read(_ root: JSONField, defaultName: String) throws(ScenarioFileError) -> Scenario {
        let top = try root.object(allowed: ScenarioFile.topLevelFields)
        let name = try top.optional("name")?.string() ?? defaultName
        if let description = top.optional("description") { _ = try description.string() }
        let zones = try readZones(top)
        var servers = try readServers(top, zones: zones)
        let serverFaults = try top.optional("serverFaults").map(faultProcess)
        let partitions = try readPartitions(top, zones: zones)
        let maintenance = try readMaintenance(top, servers: servers)
        let election = try readElection(top)
        let run = try readRunSettings(top)
        let kafka = try readKafka(top, zones: zones, servers: &servers)
        let scenario = Scenario(
            name: name, zones: zones.zones, servers: servers, serverFaults: serverFaults, partitions: partitions,
            maintenance: maintenance, election: election, run: run, kafka: kafka)
        do {
            try CompiledModel.check(scenario)
        } catch {
            throw ScenarioFileError(file: file, field: "", message: error.description)
        }
        return scenario
    }

    /// `{"timeToFailure": dist, "timeToRepair": dist}` (extra keys are checked by the caller
    /// when the process is embedded in a larger object).
    func faultProcess(_ field: JSONField) throws(ScenarioFileError) -> FaultProcess {
        try faultProcess(try field.object(allowed: ["timeToFailure", "timeToRepair"]))
    }

    func faultProcess(_ object: JSONObject) throws(ScenarioFileError) -> FaultProcess {
        FaultProcess(
            timeToFailure: try distribution(try object.required("timeToFailure")),
            timeToRepair: try distribution(try object.required("timeToRepair")))
    }

    /// A distribution object, or a bare duration meaning a fixed value.
    func distributionOrDuration(_ field: JSONField) throws(ScenarioFileError) -> Distribution {
        if field.isString { return .fixed(try field.duration()) }
        return try distribution(field)
    }

    /// A distribution object, refused with the bound it breaks when its mean or variance is out of
    /// bounds (`Distribution.boundProblem`).
    func distribution(_ field: JSONField) throws(ScenarioFileError) -> Distribution {
        let distribution = try unboundedDistribution(field)
        if let problem = distribution.boundProblem { throw field.error(problem) }
        return distribution
    }

    private func unboundedDistribution(_ field: JSONField) throws(ScenarioFileError) -> Distribution {
        let object = try field.object(allowed: ScenarioFile.distributionKinds)
        guard object.dictionary.count == 1, let kind = object.dictionary.keys.first else {
            throw field.error(
                "give exactly one of \(ScenarioFile.distributionKinds.joined(separator: ", ")), "
                    + "e.g. {\"exponential\": {\"mean\": \"24h\"}}")
        }
        let parameters = try object.required(kind)
        switch kind {
        case "exponential":
            let p = try parameters.object(allowed: ["mean"])
            return .exponential(mean: try p.required("mean").duration())
        case "fixed":
            return .fixed(try parameters.duration())
        case "weibull":
            let p = try parameters.object(allowed: ["shape", "scale"])
            let shapeField = try p.required("shape")
            let shape = try shapeField.number()
            guard shape > 0 else {
                throw shapeField.error("the shape must be positive, found \(JSONField.text(shape))")
            }
            return .weibull(shape: shape, scale: try p.required("scale").duration())
        default:
            let p = try parameters.object(allowed: ["median", "sigma"])
            let median = try p.required("median").duration()
            let sigmaField = try p.required("sigma")
            let sigma = try sigmaField.number()
            guard sigma > 0 else { throw sigmaField.error("sigma must be positive, found \(JSONField.text(sigma))") }
            return .lognormal(median: median, sigma: sigma)
        }
    }
}

/// The zones, kept with their names so that servers and partitions can refer to them.
struct ZoneTable {
    let zones: [Zone]
    let numberByName: [String: Int]

    /// The index of the zone that `field` names.
    func number(_ field: JSONField) throws(ScenarioFileError) -> Int {
        let name = try field.string()
        guard let number = numberByName[name] else {
            let names = zones.map(\.name).joined(separator: ", ")
            throw field.error("unknown zone \"\(name)\" (zones are \(names))")
        }
        return number
    }
}

extension ScenarioReader {
    /// Zones, servers and Kafka brokers end up as bits of a `UInt64` mask in the analyses, hence the shared bound
    /// (Kafka topics keep it too: `KafkaCluster.maxBrokers`, `maxTopics`).
    func boundedList(_ field: JSONField, of noun: String) throws(ScenarioFileError) -> [JSONField] {
        let fields = try field.array()
        guard !fields.isEmpty else { throw field.error("at least one \(noun) is needed") }
        guard fields.count <= 64 else { throw field.error("\(fields.count) \(noun)s; at most 64 are supported") }
        return fields
    }

    private func readZones(_ top: JSONObject) throws(ScenarioFileError) -> ZoneTable {
        let zoneFields = try boundedList(try top.required("zones"), of: "zone")
        var zones: [Zone] = []
        var numberByName: [String: Int] = [:]
        for field in zoneFields {
            let object = try field.object(allowed: ["name", "outage"])
            let nameField = try object.required("name")
            let zoneName = try nameField.string()
            guard !zoneName.isEmpty else { throw nameField.error("a zone name cannot be empty") }
            if let earlier = numberByName[zoneName] {
                throw nameField.error("duplicate zone name \"\(zoneName)\" (also zones[\(earlier)])")
            }
            numberByName[zoneName] = zones.count
            zones.append(Zone(name: zoneName, outage: try object.optional("outage").map(faultProcess)))
        }
        return ZoneTable(zones: zones, numberByName: numberByName)
    }

    /// Each server is checked alone first; groups, weights and the quorum can only be judged on the whole list.
    private func readServers(_ top: JSONObject, zones: ZoneTable) throws(ScenarioFileError) -> [Server] {
        let serversField = try top.required("servers")
        let serverFields = try boundedList(serversField, of: "server")
        var servers: [Server] = []
        var idIndex: [Int: Int] = [:]
        var weightFields: [JSONField?] = []
        for field in serverFields {
            let object = try field.object(allowed: ["id", "zone", "role", "group", "weight", "faults"])
            let idField = try object.required("id")
            let id = try idField.integer()
            guard id > 0 else {
                throw idField.error("server ids are positive integers (ZooKeeper's myid), found \(id)")
            }
            if let earlier = idIndex[id] { throw idField.error("duplicate server id \(id) (also servers[\(earlier)])") }
            idIndex[id] = servers.count
            weightFields.append(object.optional("weight"))
            servers.append(try readServer(object, id: id, zones: zones))
        }
        try checkGroupsAndWeights(
            servers, serversField: serversField, serverFields: serverFields, weightFields: weightFields)
        return servers
    }

    /// The rest of one server, once its id is known to be new.
    private func readServer(_ object: JSONObject, id: Int, zones: ZoneTable) throws(ScenarioFileError) -> Server {
        let zoneNumber = try zones.number(try object.required("zone"))
        var role = Role.participant
        if let roleField = object.optional("role") {
            let text = try roleField.string()
            guard let parsed = Role(rawValue: text) else {
                throw roleField.error("unknown role \"\(text)\" (roles are participant, observer)")
            }
            role = parsed
        }
        var group: Int?
        if let groupField = object.optional("group") {
            let value = try groupField.integer()
            guard value >= 0 else { throw groupField.error("a group is a non-negative integer, found \(value)") }
            guard role == .participant else { throw groupField.error("observers do not belong to groups") }
            group = value
        }
        var weight = 1
        if let weightField = object.optional("weight") {
            weight = try weightField.integer()
            guard weight >= 0 else {
                throw weightField.error("a weight is a non-negative integer, found \(weight)")
            }
            guard role == .participant else { throw weightField.error("observers have no weight") }
        }
        return Server(
            id: id, zone: zoneNumber, role: role, group: group, weight: weight,
            faults: try object.optional("faults").map(faultProcess))
    }

    /// The server fields come along so that an error can point at the very server at fault.
    private func checkGroupsAndWeights(
        _ servers: [Server], serversField: JSONField, serverFields: [JSONField], weightFields: [JSONField?]
    ) throws(ScenarioFileError) {
        guard servers.contains(where: { $0.role == .participant }) else {
            throw serversField.error("no voters: at least one server must have role \"participant\"")
        }
        let hierarchical = servers.contains { $0.group != nil }
        for (i, server) in servers.enumerated() where server.role == .participant {
            if hierarchical && server.group == nil {
                throw serverFields[i].child("group", .integer(0)).error(
                    "missing; when any participant has a group, every participant needs one")
            }
            if !hierarchical, let weightField = weightFields[i] {
                throw weightField.error("a weight only applies to hierarchical quorums; give every participant a group")
            }
        }
        if hierarchical && !servers.contains(where: { $0.role == .participant && $0.weight > 0 }) {
            throw serversField.error("every participant has weight 0, so no quorum can ever form")
        }
        if !QuorumRule(servers: servers).isQuorum(servers.count == 64 ? ~0 : (1 << UInt64(servers.count)) - 1) {
            throw serversField.error("these servers hold no quorum even when all are up (check groups and weights)")
        }
    }
    private func readPartitions(_ top: JSONObject, zones: ZoneTable) throws(ScenarioFileError) -> [Partition] {
        guard let partitionsField = top.optional("partitions") else { return [] }
        let fields = try partitionsField.array()
        guard fields.count <= 64 else { throw partitionsField.error("at most 64 partitions are supported") }
        var partitions: [Partition] = []
        for field in fields {
            let object = try field.object(allowed: ["zones", "timeToFailure", "timeToRepair"])
            let zonesField = try object.required("zones")
            let pair = try zonesField.array()
            guard pair.count == 2 else {
                throw zonesField.error(
                    "expected two zone names, found \(pair.count) value\(pair.count == 1 ? "" : "s")")
            }
            let a = try zones.number(pair[0])
            let b = try zones.number(pair[1])
            guard a != b else { throw pair[1].error("a partition cuts two different zones") }
            partitions.append(Partition(zoneA: a, zoneB: b, process: try faultProcess(object)))
        }
        return partitions
    }

    private func readMaintenance(_ top: JSONObject, servers: [Server]) throws(ScenarioFileError) -> Maintenance? {
        guard let field = top.optional("maintenance") else { return nil }
        let object = try field.object(allowed: ["period", "duration", "start", "order", "procedure", "healthWait"])
        let period = try object.required("period").duration()
        let duration = try distributionOrDuration(try object.required("duration"))
        let start = try object.optional("start")?.duration(allowZero: true) ?? 0
        var order = servers.map(\.id)
        if let orderField = object.optional("order") { order = try readMaintenanceOrder(orderField, servers: servers) }
        let procedure = try readMaintenanceProcedure(object)
        var healthWait = 1.0
        if let waitField = object.optional("healthWait") {
            guard procedure == .safe else {
                throw waitField.error("healthWait applies only to \"procedure\": \"safe\"")
            }
            healthWait = try waitField.duration(allowZero: true)
        }
        return Maintenance(
            period: period, duration: duration, start: start, order: order, procedure: procedure,
            healthWait: healthWait)
    }

    private func readMaintenanceProcedure(_ object: JSONObject) throws(ScenarioFileError) -> MaintenanceProcedure {
        guard let field = object.optional("procedure") else { return .naive }
        let text = try field.string()
        guard let procedure = MaintenanceProcedure(rawValue: text) else {
            let names = MaintenanceProcedure.allCases.map(\.rawValue).joined(separator: ", ")
            throw field.error("unknown procedure \"\(text)\" (procedures are \(names))")
        }
        return procedure
    }

    private func readMaintenanceOrder(_ field: JSONField, servers: [Server]) throws(ScenarioFileError) -> [Int] {
        let ids = servers.map(\.id)
        var order: [Int] = []
        for entry in try field.array() {
            let id = try entry.integer()
            guard ids.contains(id) else {
                throw entry.error("unknown server id \(id) (ids are \(ids.map(String.init).joined(separator: ", ")))")
            }
            guard !order.contains(id) else { throw entry.error("server \(id) is listed twice") }
            order.append(id)
        }
        guard !order.isEmpty else { throw field.error("list at least one server id") }
        return order
    }

    private func readElection(_ top: JSONObject) throws(ScenarioFileError) -> Election? {
        guard let field = top.optional("election") else { return nil }
        let object = try field.object(allowed: ["detection", "duration", "measured"])
        if let measuredField = object.optional("measured") {
            for key in ["detection", "duration"] where object.optional(key) != nil {
                throw object.field.child(key, .null).error(
                    "measured elections include the detection; give measured or detection/duration, not both")
            }
            return try readMeasuredElections(measuredField).election
        }
        var detection = ModelDefaults.detection.hours
        if let detectionField = object.optional("detection") { detection = try readDetection(detectionField) }
        let duration = try object.optional("duration").map(distributionOrDuration) ?? .fixed(ModelDefaults.election.hours)
        return Election(detection: detection, duration: duration)
    }

    /// `{"samples": [[min, max], ...] seconds, "drills": n, "from": "writes" | "leader" | "mixed"}`.
    private func readMeasuredElections(_ field: JSONField) throws(ScenarioFileError) -> MeasuredElections {
        let object = try field.object(allowed: ["samples", "drills", "from"])
        let samplesField = try object.required("samples")
        let elements = try samplesField.array()
        guard !elements.isEmpty else {
            throw samplesField.error("no samples; give at least one [min, max] in seconds")
        }
        guard elements.count <= MeasuredElections.maxSamples else {
            throw samplesField.error(
                "\(elements.count) samples; at most \(MeasuredElections.maxSamples) are supported")
        }
        var samples: [ClosedRange<Double>] = []
        samples.reserveCapacity(elements.count)
        for element in elements {
            let pair = try element.array()
            guard pair.count == 2 else {
                let values = "\(pair.count) value\(pair.count == 1 ? "" : "s")"
                throw element.error("expected [min, max] in seconds, found \(values)")
            }
            let low = try pair[0].number()
            let high = try pair[1].number()
            guard low >= 0 else { throw pair[0].error("a time cannot be negative, found \(JSONField.text(low))") }
            guard low <= high else {
                throw element.error("min \(JSONField.text(low)) is above max \(JSONField.text(high))")
            }
            guard high > 0 else { throw pair[1].error("an election takes more than 0 s; max is 0") }
            samples.append(low...high)
        }
        let drillsField = try object.required("drills")
        let drills = try drillsField.integer()
        guard drills >= 1 else { throw drillsField.error("at least 1 drill, found \(drills)") }
        let fromField = try object.required("from")
        let text = try fromField.string()
        guard let from = MeasuredElections.Source(rawValue: text) else {
            let names = MeasuredElections.Source.allCases.map(\.rawValue).joined(separator: ", ")
            throw fromField.error("unknown source \"\(text)\" (sources are \(names))")
        }
        let measured = MeasuredElections(samples: samples, drills: drills, from: from)
        if let problem = measured.distribution.boundProblem { throw samplesField.error(problem) }
        return measured
    }

    /// Operators know their `tickTime` and `syncLimit` better than the time they add up to, so both are accepted.
    private func readDetection(_ field: JSONField) throws(ScenarioFileError) -> Double {
        if field.isString { return try field.duration() }
        let ticks = try field.object(allowed: ["tickTime", "syncLimit"])
        let tickTime = try ticks.required("tickTime").duration()
        let syncLimitField = try ticks.required("syncLimit")
        let syncLimit = try syncLimitField.integer()
        guard syncLimit >= 1 else { throw syncLimitField.error("syncLimit is at least 1, found \(syncLimit)") }
        return tickTime * Double(syncLimit)
    }

    private func readRunSettings(_ top: JSONObject) throws(ScenarioFileError) -> RunSettings {
        var run = RunSettings()
        guard let field = top.optional("run") else { return run }
        let object = try field.object(allowed: ["years", "replications", "seed"])
        if let yearsField = object.optional("years") {
            run.years = try yearsField.number()
            // Above a billion years per replication the clock in hours loses the precision of an election.
            guard run.years > 0, run.years <= RunSettings.maxYears else {
                throw yearsField.error("years must be positive and at most 1e9, found \(JSONField.text(run.years))")
            }
        }
        if let replicationsField = object.optional("replications") {
            run.replications = try replicationsField.integer()
            guard (1...RunSettings.maxReplications).contains(run.replications) else {
                throw replicationsField.error("at least 1 and at most 1000000 replications, found \(run.replications)")
            }
        }
        if let seedField = object.optional("seed") { run.seed = try seedField.unsignedInteger() }
        return run
    }
}
