// The driver behind benchmarks/probe-fanout: asks every endpoint in a file one word, either all at once through
// FourLetterClient's poll loop or one server at a time, and prints one line of figures.
//
//   ZKProbeBench --mode concurrent|serial --endpoints FILE [--word srvr] [--deadline SECONDS]
//   ZKProbeBench --mode reactor|threads --ensembles FILE [--deadline SECONDS] [--threads 16]   (ChecksBench.swift)
//
// FILE holds one HOST:PORT per line. Output, on standard output:
//   mode=concurrent endpoints=1000 answered=900 timed_out=100 other=0 wall_s=1.013 max_rss_kib=14336

import CommandLineSupport
import Foundation
import ToolkitSupport
import ZKProbe

import Glibc

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ZKProbeBench: \(message)\n".utf8))
    exit(3)
}

// As the tools do: SIGPIPE ignored and the open-file limit raised, so 1,000 exchanges can be open at once.
ProcessSettings.prepare()
var mode = "concurrent"
var word = "srvr"
var deadlineSeconds = 1.0
var endpointsFile: String?
var ensemblesFile: String?
var threads = 16
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    guard let value = arguments.next() else { fail("\(argument) needs a value") }
    switch argument {
    case "--mode": mode = value
    case "--word": word = value
    case "--deadline":
        guard let seconds = Double(value), seconds > 0 else { fail("--deadline \(value) is not a number above 0") }
        deadlineSeconds = seconds
    case "--endpoints": endpointsFile = value
    case "--ensembles": ensemblesFile = value
    case "--threads":
        guard let count = Int(value), count > 0 else { fail("--threads \(value) is not a whole number above 0") }
        threads = count
    default: fail("unknown option \(argument)")
    }
}
let deadline = Duration.nanoseconds(Int64(deadlineSeconds * 1e9))
if mode == "reactor" || mode == "threads" {
    guard let ensemblesFile, let text = try? String(contentsOfFile: ensemblesFile, encoding: .utf8) else {
        fail("--ensembles FILE is required and must be readable")
    }
    let lines = text.split(whereSeparator: \.isNewline).map(String.init)
    benchChecks(mode: mode, ensembles: lines, deadline: deadline, threads: threads)
    exit(0)
}
guard mode == "concurrent" || mode == "serial" else { fail("--mode is concurrent, serial, reactor or threads") }
guard let endpointsFile, let text = try? String(contentsOfFile: endpointsFile, encoding: .utf8) else {
    fail("--endpoints FILE is required and must be readable")
}
let endpoints: [Endpoint] = text.split(whereSeparator: \.isNewline).map { line in
    do { return try Endpoint(parsing: String(line)) } catch { fail("\(endpointsFile): \(error)") }
}

let client = FourLetterClient(options: ProbeOptions(deadline: deadline))
let clock = ContinuousClock()
let start = clock.now
let results: [Result<Exchange, ProbeError>]
if mode == "concurrent" {
    results = client.ask(endpoints.map { (word: word, endpoint: $0) })
} else {
    results = endpoints.map { client.ask(word, $0) }
}
let wall = clock.now - start

var answered = 0
var timedOut = 0
var other: [String] = []
for (endpoint, result) in zip(endpoints, results) {
    switch result {
    case .success(let exchange) where !exchange.reply.isEmpty: answered += 1
    case .success: other.append("\(endpoint): empty reply")
    case .failure(.timedOut): timedOut += 1
    case .failure(let error): other.append(error.description)
    }
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let wallSeconds = wall.seconds
print(
    "mode=\(mode) endpoints=\(endpoints.count) answered=\(answered) timed_out=\(timedOut) other=\(other.count)"
        + " wall_s=\(NumberText.printf("%.3f", wallSeconds)) max_rss_kib=\(usage.ru_maxrss)")
for error in other.prefix(3) { print("  other: \(error)") }
