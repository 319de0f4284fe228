from bench import run


def test_only_names_the_results_file_after_the_targets_it_times(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "RESULTS", tmp_path)

    assert run.parse_args(["--only", "Performance draft"]).only == "Performance draft"
    assert run.write_results({"only": "Performance draft"}, "sqlite").name.endswith(
        "-sqlite-performance-draft.json"
    )
    assert run.write_results({"only": ""}, "postgresql").name.endswith("-postgresql.json")
