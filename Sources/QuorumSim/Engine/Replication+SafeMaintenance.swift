/// The safe rolling restart (`MaintenanceProcedure.safe`): wait for a healthy ensemble before each
/// restart, restart the followers first and the current leader last.
///
/// The maintenance slot carries, in turn, the start of a cycle, the end of a restart, and the
/// deadline of a wait for health. While a wait is open (`maintenanceWaiting`), the event loop
/// calls `maintenanceHealthChanged` after every change of state, so the next restart begins the
/// moment the ensemble is healthy; if the deadline comes first, the rest of the cycle is
/// abandoned and counted.
extension Replication {
    /// Handles the maintenance slot under the safe procedure.
    mutating func safeMaintenanceEvent() {
        maintenanceNow = maintenanceDue
        if maintenanceStep < 0 {
            maintenanceCycleStart = maintenanceNow
            maintenanceStep = 0
            maintenanceDone = 0
        } else if maintenanceWaiting {
            maintenanceWaiting = false
            abandonMaintenanceCycle()
            return
        } else {
            maintenanceDown = 0
        }
        continueSafeCycle()
    }

    /// Begins the next restart now if the ensemble is healthy, else opens a wait for health;
    /// ends the cycle when every server in `order` has been restarted.
    mutating func continueSafeCycle() {
        guard let next = nextSafeRestart() else {
            endMaintenanceCycle()
            return
        }
        if isHealthyForRestart {
            maintenanceDone |= 1 << UInt64(next)
            beginRestart(next)
        } else {
            maintenanceWaiting = true
            scheduleMaintenance(at: maintenanceNow + MaintenanceClock.ticks(model.maintenanceHealthWait))
        }
    }

    /// Called after a change of state while a wait is open: starts the restart once healthy.
    mutating func maintenanceHealthChanged() {
        guard isHealthyForRestart else { return }
        maintenanceWaiting = false
        // The restart begins at the event that made the ensemble healthy, read off the clock to the nanosecond.
        maintenanceNow = maintenanceClockNow
        continueSafeCycle()
        settle()
    }

    /// The first server in `order` not restarted yet in this cycle that is not the leader; the
    /// leader when it is the only one left; `nil` when the cycle is done.
    @inline(__always)
    func nextSafeRestart() -> Int? {
        var leaderPending = false
        for index in model.maintenanceOrder where maintenanceDone & (1 << UInt64(index)) == 0 {
            if index == leader {
                leaderPending = true
            } else {
                return index
            }
        }
        return leaderPending ? leader : nil
    }

    /// Healthy as a runbook checks it: a leader is serving, every voter is up, and no partition
    /// in force cuts the leader's zone from a zone holding a voter.
    @inline(__always)
    var isHealthyForRestart: Bool {
        guard phase == .serving, leader >= 0, maintenanceDown == 0 else { return false }
        guard up & model.voters == model.voters else { return false }
        if cutState == 0 { return true }
        let leaderZone = model.serverZone[leader]
        for (k, partition) in model.scenario.partitions.enumerated() where cutState & (1 << UInt64(k)) != 0 {
            let other: Int
            if partition.zoneA == leaderZone {
                other = partition.zoneB
            } else if partition.zoneB == leaderZone {
                other = partition.zoneA
            } else {
                continue
            }
            if model.zoneMembers[other] & model.voters != 0 { return false }
        }
        return true
    }
}
