/// The namespace of exit statuses. Each tool adds its own statuses in its command module (`zkprobe`: the
/// Monitoring Plugins' 0/1/2/3; `quorumsim`: 0/1/2 and 64 for a wrong command line), so that one outcome type
/// carries both and neither tool can use the other's by accident.
package enum ExitStatus {}
