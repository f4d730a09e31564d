"""Job change events: a job written in one process wakes its watchers in another."""
