import CommandLineSupport

/// `zkprobe`'s exit statuses: the Monitoring Plugins convention (docs/zkprobe-check.md).
extension ExitStatus {
    /// The command did what was asked; a check found nothing wrong.
    package static let ok: Int32 = 0
    /// A check found a problem worth a warning.
    package static let warning: Int32 = 1
    /// A check found the ensemble broken, or a server gave no usable answer.
    package static let critical: Int32 = 2
    /// The command line or the configuration was wrong, or the check could not decide (UNKNOWN).
    package static let unknown: Int32 = 3
}
