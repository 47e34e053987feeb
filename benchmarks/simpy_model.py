#!/usr/bin/env python3
"""The quorumsim model in SimPy, for benchmarking: server faults, zone outages and
leader elections, read from the same scenario JSON file.

Same semantics as quorumsim (see docs/quorumsim.md): a server is up when its own fault
process and its zone are up; writes need a quorum (majority of participants) and a
leader; losing the leader (down) or regaining quorum costs detection + an election
sample, abandoned if the quorum goes; the leader is the up participant with the
highest id. Events counted the same way: every server or zone failure or repair, and
every election that completes. Partitions, maintenance and hierarchical groups are
not modelled here (the script refuses such files).

Prints one JSON object: events, wall seconds, events per second and the figures.
"""
import argparse
import json
import math
import random
import re
import sys
import time

import simpy

HOURS_PER_YEAR = 8766.0
UNITS = {"ms": 1 / 3_600_000, "s": 1 / 3600, "m": 1 / 60, "h": 1.0, "d": 24.0, "y": HOURS_PER_YEAR}


def duration(text):
    match = re.fullmatch(r"\+?(\d+(?:\.\d*)?|\.\d+)(ms|s|m|h|d|y)", text)
    if not match:
        sys.exit(f"bad duration {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def sampler(spec):
    """A function rng -> hours for a distribution object (or a bare duration)."""
    if isinstance(spec, str):
        value = duration(spec)
        return lambda rng: value
    (kind, p), = spec.items()
    if kind == "exponential":
        rate = 1 / duration(p["mean"])
        return lambda rng: rng.expovariate(rate)
    if kind == "fixed":
        value = duration(p)
        return lambda rng: value
    if kind == "weibull":
        scale, shape = duration(p["scale"]), float(p["shape"])
        return lambda rng: rng.weibullvariate(scale, shape)
    if kind == "lognormal":
        mu, sigma = math.log(duration(p["median"])), float(p["sigma"])
        return lambda rng: rng.lognormvariate(mu, sigma)
    sys.exit(f"unknown distribution {kind}")


def process(spec):
    return (sampler(spec["timeToFailure"]), sampler(spec["timeToRepair"])) if spec else None


class Model:
    def __init__(self, scenario, rng, horizon):
        for unsupported in ("partitions", "maintenance"):
            if unsupported in scenario:
                sys.exit(f"the SimPy model does not implement {unsupported}")
        if any("group" in s for s in scenario["servers"]):
            sys.exit("the SimPy model does not implement hierarchical groups")
        self.env = simpy.Environment()
        self.rng = rng
        self.horizon = horizon
        zone_names = [z["name"] for z in scenario["zones"]]
        self.zone_outage = [process(z.get("outage")) for z in scenario["zones"]]
        default = process(scenario.get("serverFaults"))
        servers = scenario["servers"]
        self.ids = [s["id"] for s in servers]
        self.zone_of = [zone_names.index(s["zone"]) for s in servers]
        self.voter = [s.get("role", "participant") == "participant" for s in servers]
        self.faults = [process(s["faults"]) if "faults" in s else default for s in servers]
        self.majority = sum(self.voter) // 2 + 1
        election = scenario.get("election")
        if election is None:
            self.detection, self.election_sample = None, None
        else:
            detection = election.get("detection", "10s")
            if isinstance(detection, dict):
                detection = duration(detection["tickTime"]) * int(detection["syncLimit"])
            else:
                detection = duration(detection)
            self.detection = detection
            self.election_sample = sampler(election.get("duration", {"fixed": "200ms"}))

        n = len(servers)
        self.own_up = [True] * n
        self.zone_up = [True] * len(zone_names)
        self.phase = "serving"
        self.leader = self.choose_leader()
        self.election_generation = 0
        self.events = 0
        self.unavailable = 0.0
        self.unavailable_since = 0.0
        self.episodes = 0
        self.in_episode = False
        self.elections = 0

    def up(self, i):
        return self.own_up[i] and self.zone_up[self.zone_of[i]]

    def can_serve(self):
        return sum(1 for i in range(len(self.ids)) if self.voter[i] and self.up(i)) >= self.majority

    def choose_leader(self):
        candidates = [i for i in range(len(self.ids)) if self.voter[i] and self.up(i)]
        return max(candidates, key=lambda i: self.ids[i])

    def settle(self):
        now = self.env.now
        serving = self.can_serve()
        if self.phase == "serving":
            if not serving:
                self.leader, self.unavailable_since = None, now
                self.enter_no_quorum()
            elif not self.up(self.leader):
                self.leader, self.unavailable_since = None, now
                self.start_election()
        elif self.phase == "electing":
            if not serving:
                self.election_generation += 1  # abandon
                self.enter_no_quorum()
        elif serving:
            self.start_election()

    def enter_no_quorum(self):
        self.phase = "noQuorum"
        if not self.in_episode:
            self.in_episode = True
            self.episodes += 1

    def start_election(self):
        self.elections += 1
        if self.detection is None:
            self.complete_election()
        else:
            self.phase = "electing"
            self.election_generation += 1
            self.env.process(self.election(self.election_generation))

    def election(self, generation):
        yield self.env.timeout(self.detection + self.election_sample(self.rng))
        if generation == self.election_generation and self.phase == "electing":
            self.events += 1
            self.complete_election()

    def complete_election(self):
        self.leader = self.choose_leader()
        self.phase = "serving"
        self.unavailable += self.env.now - self.unavailable_since
        self.in_episode = False

    def server(self, i):
        fail, repair = self.faults[i]
        while True:
            yield self.env.timeout(fail(self.rng))
            self.events += 1
            self.own_up[i] = False
            self.settle()
            yield self.env.timeout(repair(self.rng))
            self.events += 1
            self.own_up[i] = True
            self.settle()

    def zone(self, z):
        fail, repair = self.zone_outage[z]
        while True:
            yield self.env.timeout(fail(self.rng))
            self.events += 1
            self.zone_up[z] = False
            self.settle()
            yield self.env.timeout(repair(self.rng))
            self.events += 1
            self.zone_up[z] = True
            self.settle()

    def run(self):
        for i, faults in enumerate(self.faults):
            if faults:
                self.env.process(self.server(i))
        for z, outage in enumerate(self.zone_outage):
            if outage:
                self.env.process(self.zone(z))
        self.env.run(until=self.horizon)
        if self.phase != "serving":
            self.unavailable += self.horizon - self.unavailable_since


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--years", type=float)
    parser.add_argument("--replications", type=int)
    parser.add_argument("--seed", type=int)
    args = parser.parse_args()
    with open(args.scenario) as f:
        scenario = json.load(f)
    run = scenario.get("run", {})
    years = args.years or run.get("years", 1000)
    replications = args.replications or run.get("replications", 16)
    seed = args.seed if args.seed is not None else run.get("seed", 1)

    events = unavailable = episodes = elections = 0
    started = time.perf_counter()
    for r in range(replications):
        model = Model(scenario, random.Random(seed * 1_000_003 + r), years * HOURS_PER_YEAR)
        model.run()
        events += model.events
        unavailable += model.unavailable
        episodes += model.episodes
        elections += model.elections
    wall = time.perf_counter() - started
    total_years = years * replications
    print(json.dumps({
        "name": scenario.get("name"),
        "events": events,
        "simulatedYears": total_years,
        "wallSeconds": wall,
        "eventsPerSecond": events / wall if wall > 0 else 0,
        "availability": 1 - unavailable / (total_years * HOURS_PER_YEAR),
        "downtimeMinutesPerYear": unavailable * 60 / total_years,
        "quorumLossEpisodesPerYear": episodes / total_years,
        "electionsPerYear": elections / total_years,
    }))


if __name__ == "__main__":
    main()
