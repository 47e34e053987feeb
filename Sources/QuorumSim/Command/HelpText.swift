/// The help pages of `quorumsim`, printed on standard output.
enum HelpText {
    static let main = """
        quorumsim: how available is a ZooKeeper ensemble, and where should its servers go?

        Simulates server failures, zone outages, network partitions, rolling maintenance
        and leader elections over many years, and reports write availability with 95%
        confidence intervals.

        USAGE:
          quorumsim run FILE... [options]        simulate scenario files (see 'quorumsim run --help')
          quorumsim tolerance FILE... [options]  worst cases of each placement, nothing simulated
          quorumsim recommend [options]          how many voters, in which zones, with the evidence
          quorumsim live CHECK.json --zones ...  what the live ensemble (zkprobe check JSON) can take now
          quorumsim --help                       this text

        Scenario files are JSON; docs/scenario-format.md describes every field and
        scenarios/ holds examples.

        EXIT CODES:
          0   success
          1   the simulation failed
          2   a scenario file is missing or invalid (nothing was simulated)
          64  wrong command line

        """

    static let run = """
        USAGE: quorumsim run FILE... [--format text|json|csv] [--years N] [--replications N]
                                     [--seed N] [--threads N] [--rare] [--rare-target F]
                                     [--rare-seconds N]

        Simulates each scenario FILE and prints the figures side by side: a table with one
        column per scenario (text), an array with one object per scenario (json) or one row
        per scenario (csv).

        OPTIONS:
          --format F          text (default), json or csv
          --years N           years per replication (overrides the file's run.years)
          --replications N    independent replications (overrides run.replications)
          --seed N            random seed, 0 to 2^64-1 (overrides run.seed)
          --threads N         worker threads (default: one per active processor); the
                              figures do not depend on it
          --rare              add an importance-sampling estimate of the time without a
                              quorum, for rare outages (exponential faults, no maintenance;
                              elections ignored)
          --rare-target F     stop it at this relative half-width (default 0.05); implies --rare
          --rare-seconds N    its time budget per scenario (default 60); implies --rare
          -h, --help          this text

        Every figure is a mean over replications with the half-width of its 95% confidence
        interval (Student t). The same seed gives the same figures on every machine.
        Progress is shown on standard error when it is a terminal.

        EXIT CODES: 0 success, 1 failure, 2 invalid scenario file, 64 wrong command line.

        """
}
