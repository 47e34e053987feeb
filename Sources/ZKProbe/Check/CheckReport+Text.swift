import ToolkitSupport

/// The table of `zkprobe check --format text`, for a person at a terminal.
///
/// Text that comes from a server or from the membership (addresses, versions, finding messages and the summary
/// that quotes them) passes through `oneLine`, so a NUL, an escape sequence or a line end in it cannot repaint the
/// terminal or forge a row.
extension CheckReport {
    public func text(colour: Bool = false) -> String {
        func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func severityColour(_ s: Severity) -> String {
            switch s {
            case .ok: return "32"
            case .warning: return "33"
            case .critical: return "31"
            case .unknown: return "35"
            }
        }
        let header =
            ["MEMBER", "STATE", "ZXID", "LAG", "LATENCY avg/max ms", "CONNS", "OUTST", "VERSION"] + clientHeader
        var rows: [[String]] = []
        for m in members {
            var state = m.state.rawValue
            if m.servesClients == false { state += " (no clients)" }
            let latency: String =
                m.latencyAvg.map { a in "\(Self.num(a))/\(m.latencyMax.map(Self.num) ?? "-")" } ?? "-"
            rows.append([
                Self.cell(m.address), state, m.zxid.map { "0x" + String($0, radix: 16) } ?? "-",
                m.lag.map(String.init) ?? "-",
                latency, m.connections.map(String.init) ?? "-", m.outstanding.map(String.init) ?? "-",
                m.version.map { Self.cell(EnsembleAssessment.releaseNumber($0)) } ?? "-",
            ] + clientCells(m))
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.paddedWithSpaces(to: widths[i]) }
                .joined(separator: "  ").trimmingBlanks()
        }
        var out = ensemble.map { "ENSEMBLE " + Self.cell($0) + "\n" } ?? ""
        out += paint(verdict.nagiosWord, severityColour(verdict) + ";1") + "  " + Self.cell(summary) + "\n\n"
        out += line(header) + "\n"
        for (row, m) in zip(rows, members) {
            let text = line(row)
            let stateColour = m.state.isServing ? "" : (m.state == .notServing ? "33" : "31")
            out += (stateColour.isEmpty ? text : paint(text, stateColour)) + "\n"
        }
        if !findings.isEmpty {
            out += "\n"
            for f in findings {
                out += paint(f.severity.word.uppercased().paddedWithSpaces(to: 8),
                             severityColour(f.severity)) + " " + Self.cell(f.message) + "\n"
            }
        }
        return out
    }

    /// The client probe's columns, when one ran: milliseconds to the session, of its round trips, and with a write
    /// probe of the write, the read and the visibility of the watched write; then `ok` or the error.
    var clientHeader: [String] {
        switch clientProbe {
        case nil: return []
        case .session: return ["CONNECT ms", "RTT ms", "CLIENT"]
        case .write: return ["CONNECT ms", "RTT ms", "WRITE ms", "READ ms", "VISIBLE ms", "CLIENT"]
        }
    }

    /// One member's client cells (``clientHeader``); `-` for a figure not measured.
    func clientCells(_ m: MemberReport) -> [String] {
        guard let clientProbe else { return [] }
        var figures: [KeyPath<ClientMeasurement, Double?>] = [\.connectSeconds, \.roundTripSeconds]
        if case .write = clientProbe { figures += [\.writeSeconds, \.readSeconds, \.visibilitySeconds] }
        let cells = figures.map { figure in m.client?[keyPath: figure].map { Self.num($0 * 1000) } ?? "-" }
        guard let client = m.client else { return cells + ["not probed"] }
        let outcome = client.completed ? "ok" : Self.cell(ClientVerdict.problem(of: m))
        return cells + [outcome + (client.readOnly ? " (read-only)" : "")]
    }

    /// Outside text made safe for one cell or line of the table: control characters escaped as `\u{..}`.
    static func cell(_ s: String) -> String {
        oneLine(s, limit: .max)
    }
}
