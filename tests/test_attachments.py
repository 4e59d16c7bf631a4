"""Attachments: what GK009 refuses is exactly what the site never copies."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from gongkai.attachments import Problem, problem, project_root

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitebuild import build_site, make_project, report, run_mkdocs

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "reports/2024/fazhi/附件").mkdir(parents=True)
    (root / "gongkai.yml").write_text("lang: zh\n", encoding="utf-8")
    (root / "reports/2024/fazhi/原件.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "reports/2024/fazhi/附件/表.xlsx").write_bytes(b"PK")
    (root / "docs").mkdir()
    (root / "docs/说明.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 outside the project\n")
    return root


def test_project_root_is_the_nearest_directory_with_gongkai_yml(project: Path) -> None:
    assert project_root(project / "reports/2024/fazhi") == project.resolve()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("原件.pdf", None),
        ("附件/表.xlsx", None),
        ("./原件.pdf", None),
        ("../../../docs/说明.pdf", None),  # elsewhere in the project: allowed
        ("../../../../secret.pdf", Problem.outside),
        ("/etc/hostname", Problem.outside),
        ("C:/报告/原件.pdf", Problem.outside),
        ("\\\\server\\share\\原件.pdf", Problem.outside),
        ("原\0件.pdf", Problem.outside),
        ("原件.PDF", Problem.missing),
        ("附件", Problem.not_a_file),
        ("附件/", Problem.not_a_file),
    ],
)
def test_problem(project: Path, name: str, expected: Problem | None) -> None:
    report_path = project / "reports/2024/fazhi/a.md"
    assert problem(report_path, name, project) == expected


def test_symlinks_are_followed_to_where_they_lead(project: Path) -> None:
    directory = project / "reports/2024/fazhi"
    (directory / "out.pdf").symlink_to(project.parent / "secret.pdf")
    (directory / "in.pdf").symlink_to(directory / "原件.pdf")
    (directory / "loop.pdf").symlink_to(directory / "loop.pdf")
    (directory / "dangling.pdf").symlink_to(directory / "nowhere.pdf")
    (directory / "page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (directory / "page.pdf").symlink_to(directory / "page.html")
    report_path = directory / "a.md"
    assert problem(report_path, "out.pdf", project) == Problem.outside
    assert problem(report_path, "in.pdf", project) is None
    assert problem(report_path, "loop.pdf", project) == Problem.missing
    assert problem(report_path, "dangling.pdf", project) == Problem.missing
    assert problem(report_path, "page.pdf", project) == Problem.type  # the target's type counts


@pytest.mark.site
def test_a_symlink_out_stops_the_build_and_nothing_outside_is_published(tmp_path: Path) -> None:
    outside = tmp_path / "private.pdf"
    outside.write_bytes(b"%PDF-1.4 private notes\n")
    project = make_project(
        tmp_path, {"2024/fazhi/qingshan.md": report(extra="attachments: [原件.pdf]\n")}
    )
    os.symlink(outside, project / "reports/2024/fazhi/原件.pdf")
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert (
        "reports/2024/fazhi/qingshan.md:8:14: GK009 [error] 附件“原件.pdf”不在本项目内"
        in result.stderr
    )
    assert not (project / "site").exists()
    copies = [
        path
        for path in project.rglob("*")
        if path.is_file() and not path.is_symlink() and b"private notes" in path.read_bytes()
    ]
    assert copies == []


@pytest.mark.site
def test_local_images_are_published_beside_the_page_and_load(tmp_path: Path) -> None:
    body = '![示意图](qingshan.assets/image1.png)\n\n<img src="图%202.png" alt="图2">\n'
    site = build_site(
        tmp_path,
        {
            "2024/fazhi/qingshan.md": report(body=body),
            "2024/fazhi/qingshan.assets/image1.png": PNG,
            "2024/fazhi/图 2.png": PNG,
        },
    )
    page_dir = site / "2024/fazhi/青山县人民政府"
    page = (page_dir / "index.html").read_text(encoding="utf-8")
    assert 'src="qingshan.assets/image1.png"' in page and 'src="图%202.png"' in page
    assert (page_dir / "qingshan.assets/image1.png").read_bytes() == PNG
    assert (page_dir / "图 2.png").read_bytes() == PNG


@pytest.mark.site
def test_a_missing_image_stops_the_build_at_its_line(tmp_path: Path) -> None:
    project = make_project(
        tmp_path, {"2024/fazhi/qingshan.md": report(body="![示意图](qingshan.assets/无.png)\n")}
    )
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert "reports/2024/fazhi/qingshan.md:12:8: GK010 [error] 找不到图片" in result.stderr
