/// A problem with what `quorumsim scenario` was given (the zone map, the zoo.cfg, the connect string), as the
/// one line to print.
package struct DeploymentError: Error, Equatable, CustomStringConvertible {
    /// The line, naming the input and what to change.
    package var description: String
    /// The message as given.
    package init(_ description: String) { self.description = description }
}
