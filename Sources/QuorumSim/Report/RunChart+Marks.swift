import ToolkitSupport

extension RunChart {
    /// One column's marks: the downtime and the time without a quorum, each a dot with its interval as a bar
    /// and its value as text, the exact figure as a diamond, and the name and placement underneath.
    func marks(_ column: Column, at x: Double, axis: LogAxis) -> String {
        var s = "<g class=\"scenario\">\n"
        s += estimateMark(column.downtime, x: x - 14, colour: "#1f77b4", what: "downtime", axis: axis)
        s += estimateMark(column.quorumLoss, x: x + 14, colour: "#ff7f0e", what: "without quorum", axis: axis)
        if let exact = column.exactQuorumLoss {
            let y = axis.y(exact)
            let cx = x + 14
            s += "<path class=\"exact\" d=\"M \(svgNumber(cx + 22)) \(svgNumber(y - 6)) l 6 6 l -6 6 l -6 -6 z\" fill=\"#2ca02c\">"
            s += "<title>without quorum, exact: \(Self.figure(exact)) min/yr</title></path>"
            s +=
                "<text x=\"\(svgNumber(cx + 32))\" y=\"\(svgNumber(y + 4))\" font-size=\"11\" fill=\"#2ca02c\">exact \(Self.figure(exact))</text>\n"
        }
        let base = height - Self.bottom
        s +=
            "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(base + 20))\" text-anchor=\"middle\" font-weight=\"bold\">\(xmlEscape(column.name))</text>\n"
        s +=
            "<text class=\"placement\" x=\"\(svgNumber(x))\" y=\"\(svgNumber(base + 38))\" text-anchor=\"middle\">\(xmlEscape(column.placement))</text>\n"
        s += "</g>\n"
        return s
    }

    /// A dot at the mean (at the axis floor when nothing was seen) with a bar over the 95% interval.
    func estimateMark(_ estimate: Estimate, x: Double, colour: String, what: String, axis: LogAxis) -> String {
        var s = ""
        let text: String
        if let ci = estimate.ci95 {
            let y1 = axis.y(ci.lowerBound)
            let y2 = axis.y(ci.upperBound)
            s +=
                "<line x1=\"\(svgNumber(x))\" y1=\"\(svgNumber(y1))\" x2=\"\(svgNumber(x))\" y2=\"\(svgNumber(y2))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            s += "<line x1=\"\(svgNumber(x - 5))\" y1=\"\(svgNumber(y1))\" x2=\"\(svgNumber(x + 5))\" y2=\"\(svgNumber(y1))\" stroke=\"\(colour)\"/>"
            s += "<line x1=\"\(svgNumber(x - 5))\" y1=\"\(svgNumber(y2))\" x2=\"\(svgNumber(x + 5))\" y2=\"\(svgNumber(y2))\" stroke=\"\(colour)\"/>"
            text = "\(Self.figure(estimate.mean)) [\(Self.figure(ci.lowerBound)), \(Self.figure(ci.upperBound))]"
        } else {
            text = Self.figure(estimate.mean)
        }
        let y = axis.y(estimate.mean)
        s += "<circle class=\"estimate\" cx=\"\(svgNumber(x))\" cy=\"\(svgNumber(y))\" r=\"5\" fill=\"\(colour)\">"
        s += "<title>\(what), simulated: \(text) min/yr</title></circle>"
        let anchor = colour == "#1f77b4" ? "end" : "start"
        let dx = anchor == "end" ? -9.0 : 9.0
        s +=
            "<text x=\"\(svgNumber(x + dx))\" y=\"\(svgNumber(y - 8))\" text-anchor=\"\(anchor)\" font-size=\"11\" fill=\"\(colour)\">\(xmlEscape(text))</text>\n"
        return s
    }
}
