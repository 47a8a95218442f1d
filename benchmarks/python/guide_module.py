"""The guide's module as its users run it (written from the guide): SQLAlchemy ORM over PyMySQL, the guide's
``datasets`` table, one session per method, and the guide's recipes for bulk work. The baseline of
``side_by_side.py``; not part of the product."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Any, Dict, Iterator, List, Optional

from sqlalchemy import Column, DateTime, Integer, String, create_engine, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, declarative_base, sessionmaker

Base = declarative_base()


class Dataset(Base):  # type: ignore[valid-type, misc]
    __tablename__ = "datasets"
    id = Column(Integer, primary_key=True, autoincrement=True)
    trajectory_id = Column(String(255), nullable=False, unique=True)
    created_at = Column(DateTime, server_default=func.now())
    used = Column(Integer, default=0)
    model_version = Column(Integer, default=0)
    run_id = Column(String(255), index=True)

    def to_dict(self) -> Dict[str, Any]:
        return {"id": self.id, "trajectory_id": self.trajectory_id, "created_at": self.created_at.isoformat() if self.created_at else None,
                "used": self.used, "model_version": self.model_version, "run_id": self.run_id}


class MySQLDatasetsORM:
    def __init__(self, config: Dict[str, Any]) -> None:
        url = (f"mysql+pymysql://{config['user']}:{config['password']}@{config['host']}:{config['port']}/{config['database']}"
               f"?charset={config.get('charset', 'utf8mb4')}")
        self.engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, pool_recycle=3600)
        self.Session = sessionmaker(bind=self.engine)
        Base.metadata.create_all(self.engine)

    @contextmanager
    def get_session(self) -> Iterator[Session]:
        session = self.Session()
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
        finally:
            session.close()

    def create_dataset(self, trajectory_id: str, run_id: str, used: int = 0) -> Dict[str, Any]:
        try:
            with self.get_session() as session:
                dataset = Dataset(trajectory_id=trajectory_id, run_id=run_id, used=used)
                session.add(dataset)
                session.flush()
                return dataset.to_dict()
        except IntegrityError:
            raise ValueError(f"trajectory_id '{trajectory_id}' already exists")

    def get_dataset_by_trajectory_id(self, trajectory_id: str) -> Optional[Dict[str, Any]]:
        with self.get_session() as session:
            dataset = session.query(Dataset).filter(Dataset.trajectory_id == trajectory_id).first()
            return dataset.to_dict() if dataset else None

    def get_all_datasets(self, limit: int = 100, offset: int = 0) -> List[Dict[str, Any]]:
        with self.get_session() as session:
            return [d.to_dict() for d in session.query(Dataset).order_by(Dataset.created_at.desc()).offset(offset).limit(limit).all()]

    def update_used(self, trajectory_id: str, used: int) -> bool:
        with self.get_session() as session:
            dataset = session.query(Dataset).filter(Dataset.trajectory_id == trajectory_id).first()
            if dataset:
                dataset.used = used
                return True
            return False

    def get_usage_stats(self) -> Dict[str, Any]:
        with self.get_session() as session:
            total, avg, high, low, runs = session.query(func.count(Dataset.id), func.avg(Dataset.used), func.max(Dataset.used),
                                                        func.min(Dataset.used), func.count(func.distinct(Dataset.run_id))).one()
            return {"total_count": total, "avg_usage_time": float(avg or 0), "max_usage_time": high or 0,
                    "min_usage_time": low or 0, "unique_runs": runs}

    def search_datasets(self, **filters: Any) -> List[Dict[str, Any]]:
        with self.get_session() as session:
            query = session.query(Dataset)
            if "run_id" in filters:
                query = query.filter(Dataset.run_id == filters["run_id"])
            if "usage_time_min" in filters:
                query = query.filter(Dataset.used >= filters["usage_time_min"])
            if "usage_time_max" in filters:
                query = query.filter(Dataset.used <= filters["usage_time_max"])
            if "created_after" in filters:
                query = query.filter(Dataset.created_at >= filters["created_after"])
            if "created_before" in filters:
                query = query.filter(Dataset.created_at <= filters["created_before"])
            return [d.to_dict() for d in query.order_by(Dataset.created_at.desc()).all()]

    def batch_update_usage(self, trajectory_ids: List[str], new_used: int) -> None:
        """The guide's "recommended" batch update: one session, one query per id."""
        with self.get_session() as session:
            for trajectory_id in trajectory_ids:
                dataset = session.query(Dataset).filter(Dataset.trajectory_id == trajectory_id).first()
                if dataset:
                    dataset.used = new_used

    def bulk_insert_datasets(self, datasets_list: List[Dict[str, Any]]) -> None:
        """The guide's Q3 bulk import."""
        with self.get_session() as session:
            for dataset_data in datasets_list:
                session.add(Dataset(**dataset_data))
            session.commit()

    def close_database(self) -> None:
        self.engine.dispose()
