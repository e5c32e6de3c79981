package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/pluttra/pluttra/internal/access"
	"github.com/pluttra/pluttra/internal/demo"
	"github.com/pluttra/pluttra/internal/password"
	"github.com/pluttra/pluttra/internal/pluttra"
)

// generate fills the configured database with a large municipality.
func generate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pluttra generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	slug := fs.String("slug", "large", "short name of the generated organisation")
	size := demo.Large
	fs.IntVar(&size.Units, "units", size.Units, "preschool units")
	fs.IntVar(&size.Departments, "departments", size.Departments, "departments, spread over the units")
	fs.IntVar(&size.Children, "children", size.Children, "children, spread over the departments")
	fs.IntVar(&size.Guardians, "guardians", size.Guardians, "guardian accounts (two per child while they last)")
	fs.IntVar(&size.Educators, "educators", size.Educators, "educator accounts")
	fs.IntVar(&size.Posts, "posts", size.Posts, "published posts, spread over the departments and the last 400 days")
	// The remaining flags are the ordinary settings (database, data dir).
	split := len(args)
	for i, a := range args {
		if a == "--" {
			split = i
		}
	}
	if err := fs.Parse(args[:split]); err != nil {
		return err
	}
	rest := []string{}
	if split < len(args) {
		rest = args[split+1:]
	}
	s, err := openStore(ctx, "generate", rest, stderr)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	org, err := demo.Generate(ctx, s, *slug, size, password.Hash(demo.Password, password.Default), pluttra.DateOf(time.Now(), access.Stockholm))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %q (organisation %d): %d units, %d departments, %d children, %d guardians, %d educators, %d posts in %s\n",
		*slug, org.ID, size.Units, size.Departments, size.Children, size.Guardians, size.Educators, size.Posts, time.Since(start).Round(time.Millisecond))
	return nil
}
