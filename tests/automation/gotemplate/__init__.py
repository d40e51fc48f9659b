"""Tests of the Go text/template engine for commit messages (controllers.automation.gotemplate)."""
