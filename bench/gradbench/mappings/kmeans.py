"""GradBench's `kmeans` input and output, and the names kmeans.sd declares: the points and
centroids pass as P and C; the direction comes back in the centroids' shape."""
import numpy as np


def inputs(data):
    """P and C from the eval's points and centroids."""
    return {"P": data["points"], "C": data["centroids"]}


def output(function, results, data):
    """The cost, or the direction as k rows of d numbers."""
    value = results["value"]
    if function.name == "cost":
        return value
    return np.asarray(value).reshape(np.shape(data["centroids"])).tolist()
