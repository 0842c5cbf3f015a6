"""Command front ends: kubectl- and az-compatible command lines and their printers."""
